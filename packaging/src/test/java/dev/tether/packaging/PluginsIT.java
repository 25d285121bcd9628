package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.natives.testing.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree's cni/tether-bridge (the C forwarder) exec'd the way a runtime does, in a test "host"
 * namespace: ADD, CHECK and DEL of two containers with tether-ipam, once with no daemon (the
 * forwarder execs the Java plugin) and once answered by a `tether daemon` the test runs; the
 * same results either way, and the kernel shows what the results say.
 */
class PluginsIT {
    private static final String SUBNET = "10.61.0.0/24";

    @TempDir
    Path dir;

    private static String config(String extra) {
        return "{\"cniVersion\":\"1.1.0\",\"name\":\"tt-e2e\",\"type\":\"tether-bridge\",\"bridge\":\"tte2e0\","
                + "\"isGateway\":true,\"ipMasq\":true,\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"" + SUBNET + "\"}"
                + extra + "}";
    }

    @Test
    void addCheckDelGiveTheSameResultsWithAndWithoutTheDaemon() throws Exception {
        try (TestNamespaces ns = new TestNamespaces()) {
            ns.create("e2e-h1");
            ns.create("e2e-h2");
            ns.create("e2e-c1");
            ns.create("e2e-c2");
            List<String> names = ns.names();
            String c1 = names.get(2);
            String c2 = names.get(3);

            Map<String, String> embedded = Map.of("TETHER_SOCKET", dir.resolve("no-daemon.sock").toString(),
                    "TETHER_DATA_DIR", dir.resolve("embedded-data").toString());
            List<Run.Result> withoutDaemon = scenario(names.get(0), c1, c2, embedded);
            assertTrue(Files.exists(dir.resolve("embedded-data/ipam.db")), "the Java plugin kept its leases in TETHER_DATA_DIR");
            try (var unpacked = Files.list(Tree.ROOT.resolve("tmp"))) {
                // jffi and lz4 load their libraries from lib/; either would unpack one here otherwise.
                assertEquals(List.of(), unpacked.toList(), "the Java plugin unpacked nothing into the tree's temp dir");
            }

            List<Run.Result> withDaemon;
            try (Daemon daemon = Daemon.start(names.get(1), dir.resolve("d"))) {
                // The launcher is /bin/false: a call the daemon did not answer would fail.
                withDaemon = scenario(names.get(1), c1, c2, Map.of("TETHER_SOCKET", daemon.socket.toString(),
                        "TETHER_PLUGIN_LAUNCHER", "/bin/false"));
                assertTrue(Files.exists(daemon.dataDir.resolve("ipam.db")), "the daemon kept the leases in its data dir");
            }
            for (int i = 0; i < withoutDaemon.size(); i++) {
                assertEquals(withoutDaemon.get(i).exit(), withDaemon.get(i).exit(), "step " + i);
                assertEquals(Calls.normalized(withoutDaemon.get(i).stdout()), Calls.normalized(withDaemon.get(i).stdout()),
                        "step " + i);
            }
        }
    }

    /** ADD c1, CHECK c1, ADD c2, c2 pings c1, DEL c1 twice, DEL c2; asserts as it goes. */
    private List<Run.Result> scenario(String host, String c1, String c2, Map<String, String> extra) {
        String plugin = Tree.plugin("tether-bridge").toString();
        List<Run.Result> steps = new ArrayList<>();
        Run.Result add1 = step(steps, host, Calls.env("ADD", "e2e-1", c1, extra), config(""), plugin);
        String ip1 = Calls.address(add1.stdout());
        assertTrue(ip1.startsWith("10.61.0."), add1.stdout());
        assertTrue(Run.ok("ip", "-n", c1, "-br", "addr", "show", "eth0").contains(ip1), "eth0 of " + c1 + " has " + ip1);
        assertTrue(Run.ok("ip", "netns", "exec", host, "nft", "list", "table", "inet", "tether").contains("masquerade"),
                "ipMasq: the network's masquerade rule is in the host's tether table");
        step(steps, host, Calls.env("CHECK", "e2e-1", c1, extra), Calls.withPrevResult(config(""), add1.stdout()), plugin);
        Run.Result add2 = step(steps, host, Calls.env("ADD", "e2e-2", c2, extra), config(""), plugin);
        assertNotEquals(ip1, Calls.address(add2.stdout()));
        Run.ok("ip", "netns", "exec", c2, "ping", "-c", "1", "-W", "5", ip1.substring(0, ip1.indexOf('/')));
        step(steps, host, Calls.env("DEL", "e2e-1", c1, extra), config(""), plugin);
        step(steps, host, Calls.env("DEL", "e2e-1", c1, extra), config(""), plugin);
        step(steps, host, Calls.env("DEL", "e2e-2", c2, extra), config(""), plugin);
        for (String container : List.of(c1, c2)) {
            assertFalse(Run.in(null, Map.of(), "", "ip", "-n", container, "link", "show", "eth0").exit() == 0,
                    "DEL removed eth0 from " + container);
        }
        return steps;
    }

    private static Run.Result step(List<Run.Result> steps, String host, Map<String, String> env, String stdin, String... command) {
        Run.Result result = Run.in(host, env, stdin, command);
        assertEquals(0, result.exit(), env.get("CNI_COMMAND") + ": " + result);
        steps.add(result);
        return result;
    }

    @Test
    void theReferenceBridgeGetsItsAddressFromTetherIpamInTheTree() throws Exception {
        String config = "{\"cniVersion\":\"1.0.0\",\"name\":\"tt-ref\",\"type\":\"bridge\",\"bridge\":\"ttref0\","
                + "\"isGateway\":true,\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.62.0.0/24\"}}";
        try (TestNamespaces ns = new TestNamespaces()) {
            ns.create("ref-h");
            ns.create("ref-c1");
            ns.create("ref-c2");
            String host = ns.names().get(0);
            String bridge = Tree.REFERENCE.resolve("bridge").toString();
            Map<String, String> embedded = new HashMap<>(Map.of("TETHER_SOCKET", dir.resolve("none.sock").toString(),
                    "TETHER_DATA_DIR", dir.resolve("data").toString()));
            Run.Result add = Run.in(host, Calls.env("ADD", "ref-1", ns.names().get(1), embedded), config, bridge);
            assertEquals(0, add.exit(), add.toString());
            assertEquals("10.62.0.2/24", Calls.address(add.stdout()));
            Run.Result check = Run.in(host, Calls.env("CHECK", "ref-1", ns.names().get(1), embedded),
                    Calls.withPrevResult(config, add.stdout()), bridge);
            assertEquals(0, check.exit(), check.toString());
            try (Daemon daemon = Daemon.start(host, dir.resolve("d"))) {
                Map<String, String> viaDaemon = Map.of("TETHER_SOCKET", daemon.socket.toString(),
                        "TETHER_DATA_DIR", dir.resolve("data").toString(), "TETHER_PLUGIN_LAUNCHER", "/bin/false");
                Run.Result add2 = Run.in(host, Calls.env("ADD", "ref-2", ns.names().get(2), viaDaemon), config, bridge);
                assertEquals(0, add2.exit(), add2.toString());
                assertEquals("10.62.0.3/24", Calls.address(add2.stdout()), "the daemon allocates from the same store");
                Run.Result del2 = Run.in(host, Calls.env("DEL", "ref-2", ns.names().get(2), viaDaemon), config, bridge);
                assertEquals(0, del2.exit(), del2.toString());
            }
            Run.Result del = Run.in(host, Calls.env("DEL", "ref-1", ns.names().get(1), embedded), config, bridge);
            assertEquals(0, del.exit(), del.toString());
        }
    }
}
