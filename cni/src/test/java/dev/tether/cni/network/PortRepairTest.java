package dev.tether.cni.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.daemon.TetherDaemon;
import dev.tether.cni.spec.Json;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.NetworkLabTest;
import dev.tether.cni.testing.PortProbe;
import dev.tether.ipam.daemon.DaemonClient;
import dev.tether.natives.nft.Nftables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Published ports coming back with the daemon's start after the host dropped Tether's table:
 * those of live attachments (a lease in the store) from libcni's result cache, given ports as
 * they were, picked ones anew; nothing for stale entries, nothing changed when all is in place.
 */
class PortRepairTest extends NetworkLabTest {
    private static final String HOST = "192.0.2.1";
    private static final String OUTSIDE = "192.0.2.2";

    private TetherDaemon startDaemon() throws Exception {
        return TetherDaemon.start(net.socket(), net.dataDir(), net.configDir(), net.cacheDir(), net.hostPath(), null);
    }

    /** Every published port with the container that holds it, sorted. */
    private List<String> publishedPorts() {
        return net.lab().context().firewall().publishedPorts().stream()
                .map(m -> m.forward() + " " + m.holder()).sorted().toList();
    }

    private String routeLocalnet(String network) throws Exception {
        return net.lab().context().host().sysctl("net/ipv4/conf/" + bridgeOf(network) + "/route_localnet");
    }

    @Test
    void aDroppedTableGetsThePortsOfLiveAttachmentsBackAndARestartWithoutOneChangesNothing() throws Exception {
        BridgeLab.Container outside = net.outside();
        net.create("web", "--subnet", "10.97.0.0/24");
        BridgeLab.Container c = net.connectNew("web", "c", "-p", "8080:80", "--expose", "7000", "-P");
        BridgeLab.Container d = net.connectNew("web", "d", "-p", "5353:53/udp");
        List<String> before = publishedPorts();
        assertEquals(3, before.size(), before.toString());

        Nftables.run(net.lab().host(), "delete table inet tether");
        try (PortProbe web = PortProbe.tcp(c.ns(), 80)) {
            assertEquals(Optional.empty(), PortProbe.tcpFrom(outside.ns(), HOST, 8080), "the table is gone: nothing forwards");
        }
        try (TetherDaemon daemon = startDaemon()) {
            assertEquals(before, publishedPorts(), "the same elements, the picked port picked again from the range");
            try (PortProbe web = PortProbe.tcp(c.ns(), 80); PortProbe admin = PortProbe.tcp(c.ns(), 7000);
                 PortProbe dns = PortProbe.udp(d.ns(), 53)) {
                assertEquals(Optional.of("tcp " + OUTSIDE), PortProbe.tcpFrom(outside.ns(), HOST, 8080));
                assertEquals(Optional.of("tcp " + OUTSIDE), PortProbe.tcpFrom(outside.ns(), HOST, 49153));
                assertEquals(Optional.of("udp " + OUTSIDE), PortProbe.udpFrom(outside.ns(), HOST, 5353));
            }
        }

        // In place, an attachment is left alone: no ADD runs for it (which would set route_localnet again).
        net.lab().context().host().ensureSysctl("net/ipv4/conf/" + bridgeOf("web") + "/route_localnet", "0");
        String table = net.inetTable();
        try (TetherDaemon daemon = startDaemon()) {
            assertEquals(table, net.inetTable(), "a restart without a flush writes nothing");
            assertEquals("0", routeLocalnet("web"));
        }
    }

    @Test
    void aStaleCacheEntryPublishesNothingAndABadCacheFileStopsNothing() throws Exception {
        BridgeLab.Container outside = net.outside();
        net.create("web", "--subnet", "10.97.0.0/24");
        BridgeLab.Container c = net.connectNew("web", "c", "-p", "8080:80");
        Path results = net.cacheDir().resolve("results");
        // An entry the store has no lease of (e.g. written before a reboot), on another address and port.
        ObjectNode ghost = Json.parseObject(Files.readAllBytes(results.resolve("web-ctr-c-eth0")), "cache entry");
        ghost.put("containerId", "ctr-ghost");
        ghost.withObject("/capabilityArgs").putArray("portMappings").addObject()
                .put("hostPort", 9090).put("containerPort", 80).put("protocol", "tcp");
        ((ObjectNode) ghost.withObject("/result").withArray("ips").get(0)).put("address", "10.97.0.99/24");
        Files.write(results.resolve("web-ctr-ghost-eth0"), Json.bytes(ghost));
        Files.writeString(results.resolve("web-ctr-bad-eth0"), "{not json");
        Files.writeString(results.resolve("web-ctr-worse-eth0"), "{\"kind\":\"cniCacheV1\",\"config\":\"!!\"}");

        Nftables.run(net.lab().host(), "flush ruleset");
        assertEquals(List.of(), publishedPorts());
        try (TetherDaemon daemon = startDaemon()) {
            assertEquals(List.of("0.0.0.0:8080->10.97.0.2:80/tcp container ctr-c (eth0 on network web)"), publishedPorts(),
                    "the live attachment's port only");
            assertFalse(net.inetTable().contains("ctr-ghost"), net.inetTable());
            assertTrue(new DaemonClient(net.socket()).isRunning());
            try (PortProbe web = PortProbe.tcp(c.ns(), 80)) {
                assertEquals(Optional.of("tcp " + OUTSIDE), PortProbe.tcpFrom(outside.ns(), HOST, 8080));
            }
        }
    }

    @Test
    void aPortAnotherAttachmentPublishedMeanwhileStaysItsAndTheDaemonStarts() throws Exception {
        BridgeLab.Container outside = net.outside();
        net.create("web", "--subnet", "10.97.0.0/24");
        net.connectNew("web", "c", "-p", "8080:80");
        Nftables.run(net.lab().host(), "delete table inet tether");
        BridgeLab.Container d = net.connectNew("web", "d", "-p", "8080:80");

        try (TetherDaemon daemon = startDaemon()) {
            assertTrue(new DaemonClient(net.socket()).isRunning(), "a port conflict is a warning");
            assertEquals(List.of("0.0.0.0:8080->10.97.0.3:80/tcp container ctr-d (eth0 on network web)"), publishedPorts());
            try (PortProbe web = PortProbe.tcp(d.ns(), 80)) {
                assertEquals(Optional.of("tcp " + OUTSIDE), PortProbe.tcpFrom(outside.ns(), HOST, 8080), "still to d");
            }
        }
    }

    private String bridgeOf(String network) throws Exception {
        return net.inspect(network).get("config").get("plugins").get(0).get("bridge").asText();
    }
}
