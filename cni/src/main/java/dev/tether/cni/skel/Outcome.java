package dev.tether.cni.skel;

import java.nio.charset.StandardCharsets;

/**
 * What a plugin call produced: exit code, stdout (a result, an error object or nothing) and
 * stderr (free-form diagnostics). The daemon relays all three; the process main writes them out.
 */
public record Outcome(int exitCode, byte[] stdout, byte[] stderr) {
    public Outcome {
        stdout = stdout == null ? new byte[0] : stdout;
        stderr = stderr == null ? new byte[0] : stderr;
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Outcome[exit=" + exitCode + ", stdout=" + stdoutText() + ", stderr=" + stderr.length + " bytes]";
    }
}
