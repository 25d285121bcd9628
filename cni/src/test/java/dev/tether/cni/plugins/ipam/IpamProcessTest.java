package dev.tether.cni.plugins.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.cni.cli.TetherCli;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.IpamStores;
import dev.tether.cni.testing.PluginProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real tether-ipam executable (a JVM running {@link IpamMain}, fed environment and stdin as a
 * runtime does), 64 at once: embedded, they queue on the store's file lock; with a
 * {@code tether daemon} child running, they hand their calls to it. Both ways: 64 distinct
 * addresses. The daemon then stops gracefully on SIGTERM.
 */
class IpamProcessTest {
    private static final int PLUGINS = 64;
    private static final String CONFIG = "{\"cniVersion\":\"1.1.0\",\"name\":\"many\",\"type\":\"bridge\","
            + "\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.64.0.0/16\"}}";

    @TempDir
    Path dir;

    /** Starts all plugins before waiting for any, as a runtime starting 64 containers does. */
    private Set<String> addAtOnce(Map<String, String> common) throws Exception {
        Path netns = Fixtures.fakeNetns(dir);
        List<Process> plugins = new ArrayList<>();
        try {
            for (int i = 0; i < PLUGINS; i++) {
                Map<String, String> env = new HashMap<>(common);
                env.put("CNI_COMMAND", "ADD");
                env.put("CNI_CONTAINERID", "ctr-" + i);
                env.put("CNI_NETNS", netns.toString());
                env.put("CNI_IFNAME", "eth0");
                env.put("CNI_PATH", dir.toString());
                plugins.add(PluginProcess.start(IpamMain.class, dir.resolve("jvm-tmp"), env, Fixtures.bytes(CONFIG)));
            }
            Set<String> addresses = new HashSet<>();
            for (Process plugin : plugins) {
                PluginProcess.Finished done = PluginProcess.finish(plugin, 180);
                assertEquals(0, done.exitCode(), done.stdout() + done.stderr());
                JsonNode result = new ObjectMapper().readTree(done.stdout());
                addresses.add(result.path("ips").get(0).path("address").asText());
            }
            return addresses;
        } finally {
            plugins.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void sixtyFourEmbeddedPluginsAtOnceGetDistinctAddresses() throws Exception {
        Path data = dir.resolve("data");
        Set<String> addresses = addAtOnce(Map.of("TETHER_SOCKET", dir.resolve("no-daemon.sock").toString(),
                "TETHER_DATA_DIR", data.toString()));
        assertEquals(PLUGINS, addresses.size(), "distinct: " + addresses);
        assertEquals(PLUGINS, IpamStores.leases(data).size());
    }

    @Test
    void sixtyFourPluginsAtOnceThroughADaemonGetDistinctAddressesAndTheDaemonStopsOnSigterm() throws Exception {
        Path data = dir.resolve("daemon-data");
        Path socket = dir.resolve("run/tether.sock");
        Process daemon = new ProcessBuilder(PluginProcess.command(TetherCli.class, dir.resolve("jvm-tmp"),
                "daemon", "--socket", socket.toString(), "--data-dir", data.toString(), "--no-dns"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
        try {
            PluginProcess.awaitDaemon(daemon, socket);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)), "socket mode 0600");
            // No TETHER_DATA_DIR: the calls use the daemon's data directory.
            Set<String> addresses = addAtOnce(Map.of("TETHER_SOCKET", socket.toString()));
            assertEquals(PLUGINS, addresses.size(), "distinct: " + addresses);

            daemon.destroy(); // SIGTERM
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
            assertEquals(143, daemon.exitValue(), "exit status of a JVM ended by SIGTERM");
        } finally {
            daemon.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("daemon.log"));
        assertTrue(log.contains("tether daemon on " + socket + " stopped"), log);
        assertTrue(Files.notExists(socket), "the socket is removed");
        assertEquals(PLUGINS, IpamStores.leases(data).size(), "every lease committed; the store lock is free again");
    }
}
