package dev.tether.cni.plugins.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.net.Namespace;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.LabTest;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.link.Bridge;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.rtnl.route.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tether-bridge against the kernel: a host namespace with the bridge and containers on it. */
class BridgePluginTest extends LabTest {

    private String config(String extra) {
        return BridgeLab.config("1.0.0", "ttnet", "ttbr0", extra, lab.hostLocal("10.77.0.0/24"));
    }

    @Test
    void twoContainersReachEachOtherAndTheGateway() {
        String config = config("\"isGateway\":true,\"isDefaultGateway\":true");
        BridgeLab.Attached a = lab.attach("a", config);
        BridgeLab.Attached b = lab.attach("b", config);
        assertTrue(BridgeLab.ping(a.container().name(), b.address()), "a reaches b");
        assertTrue(BridgeLab.ping(b.container().name(), a.address()), "b reaches a");
        assertTrue(BridgeLab.ping(a.container().name(), "10.77.0.1"), "a reaches the gateway on the bridge");
        assertTrue(BridgeLab.ping(lab.hostName(), b.address()), "the host reaches b");

        try (Namespace host = BridgeLab.open(lab.host())) {
            Link bridge = host.links().get("ttbr0");
            assertTrue(bridge instanceof Bridge && bridge.attrs().isUp());
            assertTrue(host.addresses().list(bridge.index(), Family.IPV4).stream()
                    .anyMatch(x -> x.prefix().equals(IpPrefix.parse("10.77.0.1/24"))), "gateway address on the bridge");
            assertEquals("1", host.sysctl("net.ipv4.ip_forward"));
            long ports = host.links().list().stream().filter(l -> l instanceof Veth && l.attrs().masterIndex() == bridge.index()).count();
            assertEquals(2, ports, "one host veth per container on the bridge");
        }
    }

    @Test
    void theContainerEndHasTheAddressMacMtuAndRoutes() {
        String config = config("\"isDefaultGateway\":true,\"mtu\":1400,\"runtimeConfig\":{\"mac\":\"02:42:0a:4d:00:63\"}");
        BridgeLab.Container c = lab.container("c");
        Result result = lab.add("ctr-c", c, "eth0", config);

        try (Namespace ns = BridgeLab.open(c.ns())) {
            Link eth0 = ns.links().get("eth0");
            assertTrue(eth0 instanceof Veth);
            assertTrue(eth0.attrs().isUp());
            assertEquals("02:42:0a:4d:00:63", eth0.attrs().mac().toString());
            assertEquals(1400, eth0.attrs().mtu());
            List<IpPrefix> addrs = ns.addresses().list(eth0.index(), Family.IPV4).stream().map(Addr::prefix).toList();
            assertEquals(List.of(IpPrefix.parse("10.77.0.2/24")), addrs);
            List<Route> routes = ns.routes().list(Family.IPV4);
            assertTrue(routes.stream().anyMatch(r -> r.isDefault() && IpPrefix.parse("10.77.0.1/32").contains(r.gateway())
                    && r.linkIndex() == eth0.index()), routes.toString());
        }
        try (Namespace host = BridgeLab.open(lab.host())) {
            Link hostEnd = host.links().get(result.interfaces().get(1).name());
            assertEquals(1400, hostEnd.attrs().mtu());
            assertEquals(hostEnd.attrs().mac().toString(), result.interfaces().get(1).mac());
        }

        // The reference's result shape: bridge, host veth, container interface with its sandbox.
        assertEquals(3, result.interfaces().size());
        assertEquals("ttbr0", result.interfaces().get(0).name());
        assertNull(result.interfaces().get(0).sandbox());
        assertTrue(result.interfaces().get(1).name().matches("veth[0-9a-f]{8}"), result.interfaces().get(1).name());
        assertNull(result.interfaces().get(1).sandbox());
        assertEquals(Result.Interface.of("eth0", "02:42:0a:4d:00:63", c.path().toString()), result.interfaces().get(2));
        assertEquals(new Result.IpConfig(Cidr.parse("10.77.0.2/24"), Cidr.parseAddress("10.77.0.1"), 2), result.ips().get(0));
        assertEquals(List.of(dev.tether.cni.spec.Route.of(Cidr.parse("0.0.0.0/0"), Cidr.parseAddress("10.77.0.1"))),
                result.routes());
    }

    @Test
    void delLeavesNoVethAndFreesTheAddress() {
        String config = config("\"isGateway\":true");
        BridgeLab.Container c = lab.container("c");
        lab.add("ctr-d", c, "eth0", config);
        assertEquals(List.of("10.77.0.2"), lab.leases("ttnet"));
        assertEquals(List.of("eth0"), BridgeLab.links(c.ns()));

        lab.del("ctr-d", c, "eth0", config);
        assertEquals(List.of(), lab.leases("ttnet"), "the address is released");
        assertEquals(List.of(), BridgeLab.links(c.ns()), "no interface left in the container");
        assertEquals(List.of("ttbr0"), BridgeLab.links(lab.host()), "only the bridge is left on the host");

        lab.del("ctr-d", c, "eth0", config); // a second DEL of the same attachment succeeds
        Result again = lab.add("ctr-e", c, "eth0", config);
        assertEquals(List.of(Cidr.format(again.ips().get(0).address().address())), lab.leases("ttnet"),
                "a new ADD in the same namespace works and holds one lease");
    }

    @Test
    void dualStackGetsBothFamiliesAndIpv6Works() {
        String config = BridgeLab.config("1.0.0", "ttnet", "ttbr0", "\"isDefaultGateway\":true",
                lab.hostLocal("10.77.0.0/24", "fd00:77::/64"));
        BridgeLab.Attached a = lab.attach("a", config);
        BridgeLab.Attached b = lab.attach("b", config);
        assertEquals(2, a.result().ips().size());
        assertEquals(2, a.result().routes().size(), "a default route per family");
        String v6b = Cidr.format(b.result().ips().get(1).address().address());
        assertTrue(BridgeLab.ping(a.container().name(), v6b), "IPv6 between containers");
        assertTrue(BridgeLab.ping(a.container().name(), "fd00:77::1"), "IPv6 gateway on the bridge");
        try (Namespace host = BridgeLab.open(lab.host())) {
            assertEquals("1", host.sysctl("net.ipv6.conf.all.forwarding"));
        }
        try (Namespace ns = BridgeLab.open(a.container().ns())) {
            assertTrue(ns.routes().list(Family.IPV6).stream().anyMatch(r -> r.isDefault()
                    && Cidr.parseAddress("fd00:77::1").equals(r.gateway())));
        }
    }
}
