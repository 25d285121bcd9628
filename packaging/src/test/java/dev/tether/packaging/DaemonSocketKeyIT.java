package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.natives.testing.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config's daemonSocket key reaches the daemon it names, TETHER_SOCKET unset: the C forwarder
 * finds a key by itself, and leaves keys that disagree (top level vs ipam section) to the Java
 * plugin, which parses the config and takes the ipam section's. No call names a data directory,
 * so one the daemon answers keeps its lease in the daemon's; one that a JVM of its own ran would
 * keep it in the default, /var/lib/tether, which the fallback launcher hides behind a tmpfs of a
 * private mount namespace (the machine's own is never touched).
 */
class DaemonSocketKeyIT {
    @TempDir
    Path dir;

    @Test
    void theForwarderHonoursTheKeyAndLeavesDisagreementToTheJavaPlugin() throws Exception {
        Path netns = Files.createFile(dir.resolve("netns"));
        Path marker = dir.resolve("java-plugin-ran");
        Path launcher = dir.resolve("fallback-launcher");
        Files.writeString(launcher, "#!/bin/sh\ntouch " + marker + "\n"
                + "exec unshare --mount --propagation private sh -c 'mount -t tmpfs tt-hidden /var/lib && exec \"$0\" \"$@\"' "
                + Tree.ROOT.resolve("libexec/tether-plugin") + " \"$@\"\n");
        launcher.toFile().setExecutable(true);
        try (TestNamespaces ns = new TestNamespaces()) {
            ns.create("key-h");
            addThroughTheDaemon(ns.names().get(0), netns, launcher);
            assertTrue(Files.exists(marker), "keys that disagree went to the Java plugin");
        }
    }

    private void addThroughTheDaemon(String host, Path netns, Path launcher) throws Exception {
        try (Daemon daemon = Daemon.start(host, dir.resolve("d"))) {
            String socket = daemon.socket.toString();
            add("top", "\"daemonSocket\":\"" + socket + "\",", "", netns, "/bin/false");
            add("ipam", "", "\"daemonSocket\":\"" + socket + "\",", netns, "/bin/false");
            add("both", "\"daemonSocket\":\"" + dir.resolve("nobody-there.sock") + "\",",
                    "\"daemonSocket\":\"" + socket + "\",", netns, launcher.toString());
            String leases = Run.ok(Tree.TETHER.toString(), "ipam", "ls", "--socket", socket, "--json");
            for (String network : new String[] {"key-top", "key-ipam", "key-both"}) {
                assertTrue(leases.contains("\"" + network + "\""), network + " has its lease in the daemon's store: " + leases);
            }
            // slf4j, loaded from the boot class path, found its provider (told it by name, it would fail there).
            assertTrue(daemon.log().contains("INFO dev.tether.ipam.daemon.DaemonServer - tether daemon listening on " + socket),
                    "the daemon logs: " + daemon.log());
        }
    }

    private void add(String name, String topLevel, String inIpam, Path netns, String fallbackLauncher) {
        String config = "{\"cniVersion\":\"1.0.0\",\"name\":\"key-" + name + "\"," + topLevel + "\"type\":\"bridge\","
                + "\"ipam\":{" + inIpam + "\"type\":\"tether-ipam\",\"subnet\":\"10.64.0.0/24\"}}";
        Map<String, String> env = new HashMap<>(Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "key-" + name,
                "CNI_NETNS", netns.toString(), "CNI_IFNAME", "eth0", "CNI_PATH", Tree.CNI.toString(),
                "TETHER_PLUGIN_LAUNCHER", fallbackLauncher));
        Run.Result result = Run.of(env, config, Tree.plugin("tether-ipam").toString());
        assertEquals(0, result.exit(), name + ": " + result);
        assertTrue(result.stdout().contains("10.64.0."), result.toString());
    }
}
