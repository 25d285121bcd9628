package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.natives.testing.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree's example network (examples/tether.conflist, what install.sh puts in /etc/cni/net.d)
 * used through the tree's CLI as the README shows: connect with a published port, the address in
 * the container, ls and inspect, disconnect, in a test "host" namespace.
 */
class ExampleNetworkIT {
    @TempDir
    Path dir;

    private Run.Result tether(String host, String... args) {
        List<String> argv = new ArrayList<>(List.of(Tree.TETHER.toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--config-dir", dir.resolve("net.d").toString(), "--cache-dir", dir.resolve("cache").toString(),
                "--data-dir", dir.resolve("data").toString(), "--socket", dir.resolve("no-daemon.sock").toString(),
                "--host-netns", "/run/netns/" + host));
        return Run.of(Map.of(), "", argv.toArray(String[]::new));
    }

    @Test
    void theExampleNetworkConnectsAContainerWithAPublishedPort() throws Exception {
        Files.createDirectories(dir.resolve("net.d"));
        Files.copy(Tree.ROOT.resolve("examples/tether.conflist"), dir.resolve("net.d/tether.conflist"));
        try (TestNamespaces ns = new TestNamespaces()) {
            ns.create("ex-h");
            ns.create("ex-c");
            String host = ns.names().get(0);
            String container = ns.names().get(1);

            Run.Result connect = tether(host, "network", "connect", "tether", "/run/netns/" + container,
                    "--container", "ex1", "--name", "web", "-p", "8080:80");
            assertEquals(0, connect.exit(), connect.toString());
            assertEquals(List.of("connected ex1 to tether as eth0 (10.77.0.2/16)", "80/tcp -> 0.0.0.0:8080"),
                    connect.stdout().lines().toList());
            assertTrue(Run.ok("ip", "-n", container, "-4", "addr", "show", "eth0").contains("inet 10.77.0.2/16"));
            assertTrue(Run.ok("ip", "-n", container, "route", "show", "default").contains("via 10.77.0.1"));
            assertTrue(Run.ok("ip", "netns", "exec", host, "nft", "list", "table", "inet", "tether").contains("tcp . 8080"),
                    "the port is published in the host namespace");

            Run.Result inspect = tether(host, "network", "inspect", "tether");
            assertEquals(0, inspect.exit(), inspect.toString());
            assertTrue(inspect.stdout().matches("(?s).*\"name\"\\s*:\\s*\"web\".*"), "the container's name: " + inspect.stdout());
            assertTrue(inspect.stdout().contains("10.77.0.2/16"), inspect.stdout());

            Run.Result disconnect = tether(host, "network", "disconnect", "tether", "ex1");
            assertEquals(0, disconnect.exit(), disconnect.toString());
            assertFalse(Run.ok("ip", "-n", host, "link", "show", "master", "tether0").contains("veth"), "no veth left");
            assertFalse(Run.ok("ip", "netns", "exec", host, "nft", "list", "table", "inet", "tether").contains("8080"),
                    "the port went with the container");
        }
    }
}
