package dev.tether.ipam.daemon;

import java.nio.charset.StandardCharsets;

/**
 * What a handler returns and the daemon sends back: the exit code, stdout and stderr the
 * forwarding process reproduces as its own.
 */
public record Reply(int exitCode, byte[] stdout, byte[] stderr) {
    private static final byte[] NONE = new byte[0];

    public Reply {
        stdout = stdout == null ? NONE : stdout;
        stderr = stderr == null ? NONE : stderr;
    }

    public static Reply of(int exitCode, String stdout, String stderr) {
        return new Reply(exitCode, utf8(stdout), utf8(stderr));
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s == null ? NONE : s.getBytes(StandardCharsets.UTF_8);
    }
}
