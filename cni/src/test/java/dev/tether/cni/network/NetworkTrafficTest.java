package dev.tether.cni.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.daemon.TetherDaemon;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.IpamStores;
import dev.tether.cni.testing.NetworkLabTest;
import dev.tether.natives.nft.Nftables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What networks made with 'tether network' do on the wire, with namespaces as the host and the
 * containers: isolation between networks, icc=false, masquerading to an "outside" namespace,
 * internal networks, and the rules coming back after the host flushed them.
 */
class NetworkTrafficTest extends NetworkLabTest {
    private static boolean ping(BridgeLab.Container from, String to) {
        return BridgeLab.ping(from.name(), to);
    }

    /** Red and blue, two containers each, and one container on both. */
    private record TwoNetworks(BridgeLab.Container r1, String r1ip, BridgeLab.Container r2, String r2ip,
                               BridgeLab.Container b1, String b1ip, BridgeLab.Container b2, String b2ip) {}

    private TwoNetworks twoNetworks() throws Exception {
        net.create("red", "--subnet", "10.81.0.0/24");
        net.create("blue", "--subnet", "10.82.0.0/24");
        BridgeLab.Container r1 = net.connectNew("red", "r1");
        BridgeLab.Container r2 = net.connectNew("red", "r2");
        BridgeLab.Container b1 = net.connectNew("blue", "b1");
        BridgeLab.Container b2 = net.connectNew("blue", "b2");
        return new TwoNetworks(r1, net.address("red", "ctr-r1", "eth0"), r2, net.address("red", "ctr-r2", "eth0"),
                b1, net.address("blue", "ctr-b1", "eth0"), b2, net.address("blue", "ctr-b2", "eth0"));
    }

    @Test
    void containersReachTheirNetworkNotTheOtherAndAContainerOnBothReachesBoth() throws Exception {
        TwoNetworks t = twoNetworks();
        assertTrue(ping(t.r1(), t.r2ip()), "same network");
        assertTrue(ping(t.b2(), t.b1ip()), "same network");
        assertFalse(ping(t.r1(), t.b1ip()), "red to blue is dropped");
        assertFalse(ping(t.b2(), t.r2ip()), "blue to red is dropped");

        BridgeLab.Container both = net.connectNew("red", "both");
        net.connect("blue", both, "ctr-both");
        assertEquals(List.of("eth0", "eth1"), BridgeLab.links(both.ns()));
        assertTrue(ping(both, t.r1ip()), "on red through eth0");
        assertTrue(ping(both, t.b2ip()), "on blue through eth1");
        assertFalse(ping(t.r1(), net.address("blue", "ctr-both", "eth1")), "red still cannot route to blue");

        // The rules are what isolates: without them the host routes between the bridges.
        net.lab().context().firewall().removeNetwork("red");
        net.lab().context().firewall().removeNetwork("blue");
        assertTrue(ping(t.r1(), t.b1ip()), "without the rules, red reaches blue");
    }

    @Test
    void flushedRulesComeBackWithTheNextAddOfEachNetworkOrWithTheDaemonsStart() throws Exception {
        TwoNetworks t = twoNetworks();
        Nftables.run(net.lab().host(), "flush ruleset");
        assertTrue(ping(t.r1(), t.b1ip()), "flushed: red reaches blue");
        net.connectNew("red", "r3");
        net.connectNew("blue", "b3");
        assertFalse(ping(t.r1(), t.b1ip()), "each network's next ADD put its rules back");

        Nftables.run(net.lab().host(), "flush ruleset");
        try (TetherDaemon daemon = TetherDaemon.start(net.socket(), net.dataDir(), net.configDir(), net.hostPath())) {
            String table = net.inetTable();
            assertTrue(table.contains("tether:net:red isolate") && table.contains("tether:net:blue isolate")
                    && table.contains("tether:net:red masq 10.81.0.0/24"), table);
            assertFalse(ping(t.b2(), t.r2ip()), "the daemon restored the rules at start");

            // Through the daemon: it holds the store, the CLI hands it the plugin calls.
            BridgeLab.Container r4 = net.connectNew("red", "r4");
            assertTrue(ping(r4, t.r1ip()));
            assertEquals(4, net.inspect("red").get("containers").size(), "the lease is in the daemon's store");
            net.network("disconnect", "red", "ctr-r4").ok();
            assertEquals(List.of(), BridgeLab.links(r4.ns()));
        }
        assertEquals(6, IpamStores.leases(net.dataDir()).size());
    }

    @Test
    void iccFalseSeparatesContainersButNotTheGatewayOrTheOutside() throws Exception {
        net.outside();
        net.create("quiet", "--subnet", "10.83.0.0/24", "--icc=false");
        BridgeLab.Container q1 = net.connectNew("quiet", "q1");
        net.connectNew("quiet", "q2");
        assertTrue(ping(q1, "10.83.0.1"), "the gateway answers");
        assertFalse(ping(q1, net.address("quiet", "ctr-q2", "eth0")), "the other container does not");
        assertTrue(ping(q1, "192.0.2.2"), "the outside answers");
    }

    @Test
    void trafficToTheOutsideIsMasqueradedAndAnInternalNetworkHasNoWayOut() throws Exception {
        BridgeLab.Container outside = net.outside();
        net.create("nat", "--subnet", "10.84.0.0/24");
        BridgeLab.Container c = net.connectNew("nat", "c");
        assertEquals("192.0.2.1", sourceSeenOutside(outside, c), "the outside sees the host's address");

        net.create("closed", "--internal", "--subnet", "10.85.0.0/24");
        BridgeLab.Container i1 = net.connectNew("closed", "i1");
        net.connectNew("closed", "i2");
        assertTrue(ping(i1, net.address("closed", "ctr-i2", "eth0")));
        assertTrue(ping(i1, "10.85.0.1"), "the host answers on the gateway");
        BridgeLab.exec(i1.name(), "ip", "route", "add", "default", "via", "10.85.0.1");
        assertFalse(ping(i1, "192.0.2.2"), "even with a route out, nothing is forwarded out");
        BridgeLab.exec(outside.name(), "ip", "route", "add", "10.85.0.0/24", "via", "192.0.2.1");
        assertFalse(ping(outside, net.address("closed", "ctr-i1", "eth0")), "nor in");
        assertFalse(net.inetTable().contains("masq 10.85.0.0/24"), "no masquerade");
    }

    /** Connects from the container to a TCP server in the outside namespace; the address the server saw. */
    private static String sourceSeenOutside(BridgeLab.Container outside, BridgeLab.Container container) throws Exception {
        try (ServerSocket server = outside.ns().call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress("192.0.2.2", 0));
            return s;
        })) {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try (Socket accepted = server.accept()) {
                    return accepted.getInetAddress().getHostAddress();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket client = container.ns().call(() -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("192.0.2.2", server.getLocalPort()), 5000);
                return s;
            })) {
                return seen.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
