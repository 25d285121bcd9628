package dev.tether.cni.plugins.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.PortProbe;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.nft.Nftables;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.sysctl.Sysctl;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Published ports on the wire: a tether-bridge + tether-portmap conflist run through the
 * executor, servers inside container namespaces, clients in the outside namespace, the host
 * namespace, other containers and the container itself.
 */
class PortMapTrafficTest extends PortMapLabTest {
    private static final String BRIDGE_NF = "net.bridge.bridge-nf-call-iptables";

    private Optional<String> tcp(BridgeLab.Container from, String host, int port) throws Exception {
        return PortProbe.tcpFrom(from.ns(), host, port);
    }

    private Optional<String> tcpFromHost(String host, int port) throws Exception {
        return PortProbe.tcpFrom(lab.host(), host, port);
    }

    /** Whether this kernel passes bridged frames through the IP hooks (br_netfilter); its sysctl is per namespace. */
    private boolean bridgeNetfilter() {
        return Files.exists(Path.of("/proc/sys/net/bridge"));
    }

    @Test
    void aPublishedPortReachesTheContainerFromOutsideFromTheHostAndFromLocalhost() throws Exception {
        BridgeLab.Container a = lab.container("a");
        Result result = add(conflist(), a, mapping(8080, 80, "tcp"));
        assertEquals(3, result.interfaces().size(), "tether-bridge's result, passed through");
        try (PortProbe server = PortProbe.tcp(a.ns(), 80)) {
            assertEquals(Optional.of("tcp 192.0.2.2"), tcp(outside, HOST, 8080), "the outside client's address is kept");
            assertEquals(Optional.of("tcp " + HOST), tcpFromHost(HOST, 8080));
            assertEquals(Optional.of("tcp " + GATEWAY), tcpFromHost("127.0.0.1", 8080), "localhost, masqueraded");
            assertEquals(Optional.of("tcp " + GATEWAY), tcpFromHost(GATEWAY, 8080), "every local address");
            assertEquals(Optional.empty(), tcp(outside, HOST, 8081), "nothing else");
        }
        try (Namespace host = BridgeLab.open(lab.host())) {
            assertEquals("1", host.sysctl("net/ipv4/conf/" + BRIDGE + "/route_localnet"));
        }
    }

    @Test
    void otherContainersAndTheContainerItselfReachIt() throws Exception {
        NetworkConfigList list = conflist();
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        add(list, a, mapping(8080, 80, "tcp"));
        add(list, b);
        try (PortProbe server = PortProbe.tcp(a.ns(), 80)) {
            for (String bridgeNf : bridgeNetfilter() ? List.of("0", "1") : List.of("")) {
                if (!bridgeNf.isEmpty()) {
                    Sysctl.set(lab.host(), BRIDGE_NF, bridgeNf);
                }
                String mode = "br_netfilter " + (bridgeNf.isEmpty() ? "absent" : bridgeNf);
                assertEquals(Optional.of("tcp " + GATEWAY), tcp(b, HOST, 8080), "another container, " + mode);
                assertEquals(Optional.of("tcp " + GATEWAY), tcp(b, GATEWAY, 8080), "through the gateway, " + mode);
                assertEquals(Optional.of("tcp " + GATEWAY), tcp(a, HOST, 8080), "hairpin, " + mode);
            }
        }
    }

    @Test
    void withoutHairpinModeOnlyBridgedFilteringLosesTheContainerItself() throws Exception {
        assumeTrue(bridgeNetfilter(), "br_netfilter is not loaded");
        NetworkConfigList list = conflist("\"hairpinMode\":false", "");
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        add(list, a, mapping(8080, 80, "tcp"));
        add(list, b);
        try (PortProbe server = PortProbe.tcp(a.ns(), 80)) {
            Sysctl.set(lab.host(), BRIDGE_NF, "1");
            assertEquals(Optional.empty(), tcp(a, HOST, 8080), "the bridge will not send the frame back out of its port");
            assertEquals(Optional.of("tcp " + GATEWAY), tcp(b, HOST, 8080));
            Sysctl.set(lab.host(), BRIDGE_NF, "0");
            assertEquals(Optional.of("tcp " + GATEWAY), tcp(a, HOST, 8080), "routed, not bridged: no hairpin needed");
        }
    }

    @Test
    void udpIsPublishedToo() throws Exception {
        NetworkConfigList list = conflist();
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        add(list, a, mapping(5353, 53, "udp"));
        add(list, b);
        try (PortProbe server = PortProbe.udp(a.ns(), 53)) {
            assertEquals(Optional.of("udp 192.0.2.2"), PortProbe.udpFrom(outside.ns(), HOST, 5353));
            assertEquals(Optional.of("udp " + GATEWAY), PortProbe.udpFrom(lab.host(), "127.0.0.1", 5353));
            assertEquals(Optional.of("udp " + GATEWAY), PortProbe.udpFrom(b.ns(), HOST, 5353));
            assertEquals(Optional.of("udp " + GATEWAY), PortProbe.udpFrom(a.ns(), HOST, 5353), "hairpin");
            assertEquals(Optional.empty(), tcp(outside, HOST, 5353), "udp only");
        }
    }

    @Test
    void aHostAddressLimitsThePortToItAndAnotherAddressCanPublishItForAnotherContainer() throws Exception {
        try (Namespace host = BridgeLab.open(lab.host())) {
            host.addresses().add(Addr.of(host.links().indexOf("ttout0"), IpPrefix.parse("192.0.2.3/24")));
        }
        NetworkConfigList list = conflist();
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        add(list, a, mapping(HOST, 8080, 80, "tcp"));
        try (PortProbe serverA = PortProbe.tcp(a.ns(), 80); PortProbe serverB = PortProbe.tcp(b.ns(), 80)) {
            assertEquals(Optional.of("tcp 192.0.2.2"), tcp(outside, HOST, 8080));
            assertEquals(Optional.empty(), tcp(outside, "192.0.2.3", 8080), "the other address does not forward");
            add(list, b, mapping("192.0.2.3", 8080, 80, "tcp"));
            assertEquals(Optional.of("tcp 192.0.2.2"), tcp(outside, "192.0.2.3", 8080));
            assertEquals(Optional.of("tcp 192.0.2.2"), tcp(outside, HOST, 8080));
            assertEquals(1, published(a).size());
            assertEquals(1, published(b).size());
        }
    }

    @Test
    void aTakenHostPortFailsTheAddNamingItsHolderAndTheRuntimesDelLeavesNothing() throws Exception {
        NetworkConfigList list = conflist();
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        add(list, a, mapping(8080, 80, "tcp"));
        String before = Nftables.run(lab.host(), "list table inet tether");
        CniException taken = assertThrows(CniException.class, () -> add(list, b, mapping(9090, 90, "tcp"),
                mapping(8080, 80, "tcp")));
        assertEquals(PortMapPlugin.PORT_CONFLICT, taken.code());
        assertTrue(taken.getMessage().contains("0.0.0.0:8080/tcp is already published by container ctr-a (eth0 on network "
                + NETWORK + ")"), taken.getMessage());
        assertEquals(List.of(), published(b), "not even 9090");
        CniException anyAddress = assertThrows(CniException.class, () -> add(list, lab.container("c"),
                mapping(HOST, 8080, 80, "tcp")));
        assertEquals(PortMapPlugin.PORT_CONFLICT, anyAddress.code(), "one address overlaps every address");

        del(list, b, mapping(9090, 90, "tcp"), mapping(8080, 80, "tcp")); // as a runtime does after a failed ADD
        assertEquals(List.of(), BridgeLab.links(b.ns()));
        assertEquals(before.lines().filter(l -> l.contains("elements") || l.contains(" : ")).toList(),
                Nftables.run(lab.host(), "list table inet tether").lines()
                        .filter(l -> l.contains("elements") || l.contains(" : ")).toList(), "a's elements, nothing else");
        try (PortProbe server = PortProbe.tcp(a.ns(), 80)) {
            assertEquals(Optional.of("tcp 192.0.2.2"), tcp(outside, HOST, 8080), "a keeps its port");
        }
    }

    @Test
    void hostPortZeroPicksAFreePortOfTheRangeAndRepeatedAddsKeepIt() throws Exception {
        NetworkConfigList list = conflist("", "\"portRange\":\"41000-41009\"");
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        try (ServerSocket hostService = lab.host().call(() -> new ServerSocket(41000, 1, null))) {
            add(list, a, mapping(0, 80, "tcp"));
            add(list, b, mapping(0, 80, "tcp"), mapping(41003, 81, "tcp"), mapping(0, 82, "tcp"));
        }
        assertEquals(List.of(41001), published(a).stream().map(PortForward::hostPort).toList(),
                "41000 is held by a host socket");
        assertEquals(List.of(41002, 41003, 41004), published(b).stream().map(PortForward::hostPort).sorted().toList(),
                "a given port is never picked");
        try (PortProbe server = PortProbe.tcp(a.ns(), 80)) {
            assertEquals(Optional.of("tcp 192.0.2.2"), tcp(outside, HOST, 41001));
        }

        Result cached = executor.cachedResult(list, attachment(id(a), a)).orElseThrow();
        // The portmap ADD again, as a runtime's retry would send it: same ports, no new element.
        String request = "{\"cniVersion\":\"1.1.0\",\"name\":\"" + NETWORK + "\",\"type\":\"tether-portmap\",\"portRange\":"
                + "\"41000-41009\",\"runtimeConfig\":{\"portMappings\":[" + mapping(0, 80, "tcp") + "]},\"prevResult\":"
                + dev.tether.cni.spec.Json.string(cached.toJson(dev.tether.cni.spec.CniVersion.V1_1_0)) + "}";
        var handler = lab.registry().handler(PortMapPlugin.TYPE, lab.context()).orElseThrow();
        for (int i = 0; i < 2; i++) {
            var outcome = lab.call(handler, lab.env("ADD", id(a), a, "eth0"), request);
            assertEquals(0, outcome.exitCode(), outcome::toString);
        }
        assertEquals(List.of(41001), published(a).stream().map(PortForward::hostPort).toList());
    }

    @Test
    void delRemovesExactlyThatContainersPorts() throws Exception {
        NetworkConfigList list = conflist();
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        add(list, a, mapping(8080, 80, "tcp"), mapping(8080, 80, "udp"));
        add(list, b, mapping(8081, 80, "tcp"));
        try (PortProbe serverA = PortProbe.tcp(a.ns(), 80); PortProbe serverB = PortProbe.tcp(b.ns(), 80)) {
            assertTrue(tcp(outside, HOST, 8080).isPresent());
            del(list, a, mapping(8080, 80, "tcp"), mapping(8080, 80, "udp"));
            assertEquals(List.of(), published(a));
            assertEquals(Optional.empty(), tcp(outside, HOST, 8080));
            assertEquals(Optional.of("tcp 192.0.2.2"), tcp(outside, HOST, 8081), "b's port still works");
            del(list, a, mapping(8080, 80, "tcp"));
            String table = Nftables.run(lab.host(), "list table inet tether");
            assertFalse(table.contains(key(a).tag()), table);
        }
    }

    @Test
    void checkPassesWhilePublishedAndFailsWhenAnElementIsGone() {
        NetworkConfigList list = conflist();
        BridgeLab.Container a = lab.container("a");
        add(list, a, mapping(8080, 80, "tcp"), mapping(0, 81, "udp"));
        executor.check(list, attachment(id(a), a, mapping(8080, 80, "tcp"), mapping(0, 81, "udp")));
        Nftables.run(lab.host(), "delete element inet tether portmap4 { 0.0.0.0/0 . tcp . 8080 }");
        CniException broken = assertThrows(CniException.class,
                () -> executor.check(list, attachment(id(a), a, mapping(8080, 80, "tcp"), mapping(0, 81, "udp"))));
        assertTrue(broken.getMessage().contains("CHECK failed") && broken.getMessage().contains("tether-portmap"),
                broken.getMessage());
    }

    @Test
    void gcRemovesThePortsOfAttachmentsThatAreNotValid() {
        NetworkConfigList list = conflist();
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        add(list, a, mapping(8080, 80, "tcp"));
        add(list, b, mapping(8081, 80, "tcp"));
        // A runtime that lost a's cache entry: only GC can find what a left.
        executor.cache().delete(NETWORK, id(a), "eth0");
        assertEquals(List.of(), executor.gc(list, List.of(new dev.tether.cni.spec.GcAttachment(id(b), "eth0"))));
        assertEquals(List.of(), published(a));
        assertEquals(1, published(b).size());
    }

    @Test
    void routeLocalnetDoesNotLetAContainerReachTheHostsLoopback() throws Exception {
        BridgeLab.Container a = lab.container("a");
        NetworkConfigList list = conflist();
        add(list, a, mapping(8080, 80, "tcp"));
        // A root container sends to 127.0.0.1 through its gateway (CVE-2020-8558), which route_localnet lets in.
        for (String step : List.of("ip link set lo down", "ip addr flush dev lo", "ip route add 127.0.0.0/8 via " + GATEWAY,
                "sysctl -qw net.ipv4.conf.all.route_localnet=1", "sysctl -qw net.ipv4.conf.eth0.route_localnet=1")) {
            BridgeLab.exec(a.name(), step.split(" "));
        }
        try (PortProbe loopbackOnly = PortProbe.tcp(lab.host(), "127.0.0.1", 9999)) {
            assertEquals(Optional.empty(), tcp(a, "127.0.0.1", 9999), "the guard drops it");
            Nftables.run(lab.host(), "flush chain inet tether portmap_guard");
            assertEquals(Optional.of("tcp 10.91.0.2"), tcp(a, "127.0.0.1", 9999), "what the guard is for");
            add(list, lab.container("b"), mapping(8081, 80, "tcp"));
            assertEquals(Optional.empty(), tcp(a, "127.0.0.1", 9999), "the next ADD put the guard back");
        }
    }

    @Test
    void ipv6PortsArePublishedOnTheHostsIpv6AddressesButNotOnLoopback() throws Exception {
        BridgeLab.exec(lab.hostName(), "ip", "-6", "addr", "add", "2001:db8:91::1/64", "dev", "ttout0", "nodad");
        BridgeLab.exec(outside.name(), "ip", "-6", "addr", "add", "2001:db8:91::2/64", "dev", "ttout1", "nodad");
        NetworkConfigList list = conflist("", "", "fd91::/64");
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        add(list, a, mapping(8080, 80, "tcp"));
        add(list, b, mapping("::", 8081, 80, "tcp"));
        assertEquals(2, published(a).size(), "both families");
        assertEquals(List.of(true), published(b).stream().map(PortForward::isIpv6).toList(), "'::' is IPv6 only");
        try (PortProbe serverA = PortProbe.tcp(a.ns(), 80); PortProbe serverB = PortProbe.tcp(b.ns(), 80)) {
            // Fresh IPv6 neighbours can cost the first SYN (a 1 s retransmission): settle them, so the 2 s probes
            // measure the forwarding.
            assertTrue(BridgeLab.ping(a.name(), "2001:db8:91::2") && BridgeLab.ping(b.name(), "2001:db8:91::2"));
            assertEquals(Optional.of("tcp 2001:db8:91:0:0:0:0:2"), tcp(outside, "2001:db8:91::1", 8080));
            assertEquals(Optional.of("tcp 192.0.2.2"), tcp(outside, HOST, 8080));
            assertEquals(Optional.of("tcp 2001:db8:91:0:0:0:0:2"), tcp(outside, "2001:db8:91::1", 8081));
            assertEquals(Optional.empty(), tcp(outside, HOST, 8081));
            assertEquals(Optional.of("tcp 2001:db8:91:0:0:0:0:1"), tcpFromHost("2001:db8:91::1", 8080), "from the host");
            assertEquals(Optional.empty(), tcpFromHost("::1", 8080), "::1 cannot be forwarded to a non-local address");
        }
    }
}
