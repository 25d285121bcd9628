package dev.tether.cni.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.spec.CniException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The tether CLI root: versions, exit codes 0/1/2, one line per failure, stack traces only with --debug. */
class TetherCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** A stand-in for the subcommands other modules will add. */
    @Command(name = "fail")
    static final class FailCommand implements Callable<Integer> {
        @Parameters(index = "0")
        String kind;

        @Override
        public Integer call() {
            switch (kind) {
                case "user" -> throw new CliException("network \"tt\" does not exist; create it with 'tether network create tt'");
                case "cni" -> throw new CniException(7, "invalid config", "subnet overlaps 10.0.0.0/8");
                default -> throw new IllegalStateException("unexpected\nsecond line");
            }
        }
    }

    private int run(String... args) {
        CommandLine cli = TetherCli.commandLine().addSubcommand(new FailCommand());
        return TetherCli.run(cli, args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String errText() {
        return err.toString();
    }

    @Test
    void versionFlagAndCommandPrintTheSame() {
        assertEquals(0, run("--version"));
        String flag = out.toString();
        out.getBuffer().setLength(0);
        assertEquals(0, run("version"));
        assertEquals(flag, out.toString());
        assertTrue(flag.startsWith("tether 0."), flag);
        assertTrue(flag.contains("CNI spec 1.1.0 (supports 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0)"), flag);
        assertEquals("", errText());
    }

    @Test
    void badUsageIsOneLineAndExitCode2() {
        assertEquals(2, run());
        assertEquals(2, run("--bogus"));
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("fail"));
        String[] lines = errText().split("\n");
        assertEquals(4, lines.length, errText());
        assertEquals("tether: missing command (see 'tether --help')", lines[0]);
        assertTrue(lines[1].startsWith("tether: Unknown option: '--bogus'"), lines[1]);
        assertEquals("tether: unknown command 'frobnicate' (see 'tether --help')", lines[2]);
        assertTrue(lines[3].endsWith("(see 'tether fail --help')"), lines[3]);
        assertEquals("", out.toString());
    }

    @Test
    void errorsAreOneLineAndExitCode1() {
        assertEquals(1, run("fail", "user"));
        assertEquals(1, run("fail", "cni"));
        assertEquals(1, run("fail", "bug"));
        String[] lines = errText().split("\n");
        assertEquals(3, lines.length, errText());
        assertEquals("tether: error: network \"tt\" does not exist; create it with 'tether network create tt'", lines[0]);
        assertEquals("tether: error: invalid config; subnet overlaps 10.0.0.0/8 (CNI error code 7)", lines[1]);
        assertEquals("tether: error: unexpected second line (run with --debug for details)", lines[2]);
        assertFalse(errText().contains("\tat "));
    }

    @Test
    void debugAddsTheStackTrace() {
        assertEquals(1, run("fail", "bug", "--debug"));
        assertTrue(errText().contains("java.lang.IllegalStateException: unexpected"));
        assertTrue(errText().contains("\tat "));
        assertTrue(errText().strip().endsWith("tether: error: unexpected second line"), errText());
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("version"));
        assertTrue(out.toString().contains("--debug"));
    }
}
