package dev.tether.cni.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exec of plugin binaries (here small shell scripts): lookup, environment, stdin, failures, timeout. */
class PluginExecTest {
    @TempDir
    Path dir;

    private Path script(String dirName, String name, String body) throws Exception {
        Path bin = Files.createDirectories(dir.resolve(dirName));
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    @Test
    void execGivesExactlyTheEnvironmentAndStdin() throws Exception {
        Path bin = script("bin", "tt-env", "env | sort > \"$OUT.env\"; cat > \"$OUT.stdin\"; echo '{\"cniVersion\":\"1.0.0\"}'");
        Path out = dir.resolve("seen");
        Outcome outcome = PluginInvoker.execOnly().invoke("tt-env", List.of(bin),
                Map.of("CNI_COMMAND", "ADD", "OUT", out.toString()), Fixtures.bytes("{\"some\":\"config\"}"));

        assertEquals(0, outcome.exitCode());
        assertEquals("{\"cniVersion\":\"1.0.0\"}\n", outcome.stdoutText());
        List<String> env = Files.readAllLines(Path.of(out + ".env")).stream()
                .filter(l -> !l.startsWith("PWD=") && !l.startsWith("SHLVL=") && !l.startsWith("_=")).toList();
        assertEquals(List.of("CNI_COMMAND=ADD", "OUT=" + out), env, "nothing of the caller's environment leaks in");
        assertEquals("{\"some\":\"config\"}", Files.readString(Path.of(out + ".stdin")));
    }

    @Test
    void theFirstExecutableInPathOrderWins() throws Exception {
        Path notExecutable = Files.createDirectories(dir.resolve("a"));
        Files.writeString(notExecutable.resolve("tt-p"), "#!/bin/sh\necho a\n");
        Files.createDirectories(dir.resolve("b/tt-p")); // a directory of that name is skipped too
        Path c = script("c", "tt-p", "echo c");
        script("d", "tt-p", "echo d");
        Outcome outcome = PluginInvoker.execOnly().invoke("tt-p",
                List.of(notExecutable, dir.resolve("b"), c, dir.resolve("d")), Map.of(), new byte[0]);
        assertEquals("c\n", outcome.stdoutText());
        CniException none = assertThrows(CniException.class,
                () -> PluginInvoker.find("tt-p", List.of(notExecutable, dir.resolve("b"))));
        assertEquals(7, none.code());
    }

    @Test
    void aFailureWithoutErrorObjectBecomesAGenericErrorQuotingStderr() throws Exception {
        Path bin = script("bin", "tt-crash", "echo 'panic: runtime error: index out of range' >&2; exit 2");
        Outcome outcome = PluginInvoker.execOnly().invoke("tt-crash", List.of(bin), Map.of(), new byte[0]);
        CniException e = OutcomeDecoder.failure("tt-crash", outcome);
        assertEquals(999, e.code());
        assertEquals("plugin \"tt-crash\" failed with exit code 2", e.getMessage());
        assertTrue(e.details().contains("panic: runtime error"), e.details());
    }

    @Test
    void anErrorObjectIsPassedOnWithCodeMsgAndDetails() throws Exception {
        Path bin = script("bin", "tt-err",
                "echo '{\"code\":3,\"msg\":\"no such container\",\"details\":\"c9 is gone\"}'; exit 1");
        Outcome outcome = PluginInvoker.execOnly().invoke("tt-err", List.of(bin), Map.of(), new byte[0]);
        CniException e = OutcomeDecoder.failure("tt-err", outcome);
        assertEquals(3, e.code());
        assertEquals("no such container", e.getMessage());
        assertEquals("c9 is gone", e.details());
    }

    @Test
    void aPluginThatDoesNotReadStdinOrNeverEndsIsHandled() throws Exception {
        Path bin = script("bin", "tt-quick", "echo ok");
        byte[] big = new byte[4 << 20]; // more than a pipe holds: writing must not block forever
        assertEquals("ok\n", PluginInvoker.execOnly().invoke("tt-quick", List.of(bin), Map.of(), big).stdoutText());

        Path slow = script("slow", "tt-hang", "exec sleep 30");
        PluginInvoker impatient = new PluginInvoker(InProcessRegistry.empty(), Duration.ofMillis(300));
        long start = System.nanoTime();
        CniException e = assertThrows(CniException.class, () -> impatient.invoke("tt-hang", List.of(slow), Map.of(), new byte[0]));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void aChildLeftHoldingThePipesDoesNotHangTheCaller() throws Exception {
        Path pid = dir.resolve("child.pid");
        Path bin = script("bin", "tt-daemonize",
                "sleep 30 & echo $! > \"" + pid + "\"; echo '{\"cniVersion\":\"1.0.0\"}'; exit 0");
        long start = System.nanoTime();
        try {
            Outcome outcome = PluginInvoker.execOnly().invoke("tt-daemonize", List.of(bin), Map.of(), new byte[0]);
            assertEquals(0, outcome.exitCode());
            assertEquals("{\"cniVersion\":\"1.0.0\"}\n", outcome.stdoutText());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        } finally {
            long child = Long.parseLong(Files.readString(pid).strip());
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void invalidTypesNeverReachTheFilesystem() {
        CniException e = assertThrows(CniException.class,
                () -> PluginInvoker.execOnly().invoke("../../bin/sh", List.of(dir), Map.of(), new byte[0]));
        assertEquals(7, e.code());
    }
}
