package dev.tether.cni.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.daemon.TetherDaemon;
import dev.tether.ipam.daemon.DaemonClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'tether daemon' failing to start: one clear line, exit 1, nothing left behind, and a running
 * daemon untouched. (Serving and SIGTERM are tested on a real child process in IpamProcessTest.)
 */
class DaemonCommandTest {
    @TempDir
    Path dir;

    @Test
    void refusesToStartWhenAnotherDaemonAnswers() throws Exception {
        Path socket = dir.resolve("run/tether.sock");
        try (TetherDaemon running = TetherDaemon.start(socket, dir.resolve("data1"))) {
            CliRun.of("daemon", "--socket", socket.toString(), "--data-dir", dir.resolve("data2").toString())
                    .fails(1, "tether: error: a tether daemon is already running on " + socket
                            + "; stop it first, or give this one another --socket");
            assertTrue(new DaemonClient(socket).isRunning(), "the running daemon keeps its socket");
        }
        assertTrue(Files.notExists(dir.resolve("data2")), "the refused daemon opened no store");
    }

    @Test
    void anUnusableDataDirectoryFailsTheStartAndFreesTheSocket() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path socket = dir.resolve("tether.sock");
        CliRun.of("daemon", "--socket", socket.toString(), "--data-dir", file.toString())
                .fails(1, "cannot open IPAM store " + file.resolve("ipam.db") + ": " + file + ": exists and is not a directory"
                        + " (check --data-dir)");
        assertTrue(Files.notExists(socket), "no socket left behind");
    }

    @Test
    void directoryAndDnsOptions() {
        DaemonCommand defaults = new DaemonCommand();
        new CommandLine(defaults).parseArgs();
        assertEquals(Path.of("/etc/cni/net.d"), defaults.configDir);
        assertEquals(Path.of("/etc/resolv.conf"), defaults.resolvConf);
        assertEquals(Path.of("/var/lib/cni"), defaults.cacheDir, "where libcni and 'tether network' keep their results");
        assertFalse(defaults.noDns);
        DaemonCommand given = new DaemonCommand();
        new CommandLine(given).parseArgs("--config-dir", "/x/net.d", "--resolv-conf", "/x/resolv.conf", "--no-dns",
                "--cache-dir", "/x/cni");
        assertEquals(Path.of("/x/net.d"), given.configDir);
        assertEquals(Path.of("/x/cni"), given.cacheDir);
        assertEquals(Path.of("/x/resolv.conf"), given.resolvConf);
        assertTrue(given.noDns);
    }

    @Test
    void anUnusableSocketPathFailsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        CliRun.of("daemon", "--socket", file.resolve("tether.sock").toString(), "--data-dir", dir.resolve("data").toString())
                .fails(1, "cannot listen on " + file.resolve("tether.sock"));
    }

    @Test
    void aHostNamespaceThatIsNoneFailsTheStart() throws Exception {
        Path socket = dir.resolve("tether.sock");
        CliRun.of("daemon", "--socket", socket.toString(), "--data-dir", dir.resolve("data").toString(),
                "--config-dir", dir.resolve("net.d").toString(), "--host-netns", dir.resolve("no-such-ns").toString())
                .fails(1, "cannot open the host namespace: ");
        assertTrue(Files.notExists(socket), "no socket left behind");
        assertTrue(Files.notExists(dir.resolve("data")), "no store opened");
    }
}
