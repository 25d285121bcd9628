package dev.tether.cni.plugins.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.net.Namespace;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.LabTest;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.nft.Nftables;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Veth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference's options, each with its observable effect. */
class BridgeOptionsTest extends LabTest {

    private String config(String extra) {
        return BridgeLab.config("1.0.0", "ttnet", "ttbr0", extra, lab.hostLocal("10.77.0.0/24"));
    }

    private Link hostEnd(Result result) {
        try (Namespace host = BridgeLab.open(lab.host())) {
            return host.links().get(result.interfaces().get(1).name());
        }
    }

    /**
     * ipMasq: a container reaches a network that has no route back to the container subnet, so
     * only masqueraded traffic gets answers. The network's rules exist once, whatever the number of containers.
     */
    @Test
    void ipMasqMasqueradesTrafficLeavingTheSubnetWithOneRulePerNetwork() {
        lab.outside();
        String masq = config("\"isDefaultGateway\":true,\"ipMasq\":true");
        BridgeLab.Attached a = lab.attach("a", masq);
        BridgeLab.Attached b = lab.attach("b", masq);
        assertTrue(BridgeLab.ping(a.container().name(), "192.0.2.2"), "masqueraded traffic gets an answer");
        assertTrue(BridgeLab.ping(a.container().name(), b.address()), "traffic inside the subnet still flows");
        String ruleset = Nftables.run(lab.host(), "list table inet tether");
        assertEquals(1, ruleset.split("masquerade", -1).length - 1, ruleset);
        assertTrue(ruleset.contains("ip saddr 10.77.0.0/24 ip daddr != 224.0.0.0/4 oifname != \"ttbr0\" masquerade"), ruleset);

        lab.del("ctr-a", a.container(), "eth0", masq);
        lab.del("ctr-b", b.container(), "eth0", masq);
        BridgeLab.Container c = lab.container("c");
        lab.add("ctr-c", c, "eth0", config("\"isDefaultGateway\":true"));
        lab.context().firewall().removeNetwork("ttnet");
        assertFalse(BridgeLab.ping(c.name(), "192.0.2.2"), "without masquerading, the answer cannot come back");
    }

    @Test
    void macspoofchkDropsFramesFromAnotherMacAndDelRemovesItsElements() {
        String config = config("\"isGateway\":true,\"macspoofchk\":true");
        BridgeLab.Container a = lab.container("a");
        Result result = lab.add("ctr-a", a, "eth0", config);
        assertTrue(BridgeLab.ping(a.name(), "10.77.0.1"));
        String elements = Nftables.run(lab.host(), "list table bridge tether");
        assertTrue(elements.contains(result.interfaces().get(1).name() + "\" . " + result.interfaces().get(2).mac()), elements);

        BridgeLab.exec(a.name(), "ip", "link", "set", "eth0", "address", "02:00:00:00:00:99");
        BridgeLab.exec(a.name(), "ip", "neigh", "flush", "all");
        assertFalse(BridgeLab.ping(a.name(), "10.77.0.1"), "a spoofed MAC is dropped");
        BridgeLab.exec(a.name(), "ip", "link", "set", "eth0", "address", result.interfaces().get(2).mac());
        assertTrue(BridgeLab.ping(a.name(), "10.77.0.1"), "the container's own MAC passes again");

        lab.del("ctr-a", a, "eth0", config);
        String after = Nftables.run(lab.host(), "list table bridge tether");
        assertFalse(after.contains("elements"), after);
        assertTrue(after.contains("tether:macspoofchk"), "the shared rule stays: " + after);
    }

    @Test
    void portIsolationSeparatesContainersButNotTheGateway() {
        String config = config("\"isGateway\":true,\"portIsolation\":true");
        BridgeLab.Attached a = lab.attach("a", config);
        BridgeLab.Attached b = lab.attach("b", config);
        assertTrue(hostEnd(a.result()).attrs().bridgePort().isolated());
        assertTrue(BridgeLab.ping(a.container().name(), "10.77.0.1"));
        assertFalse(BridgeLab.ping(a.container().name(), b.address()), "isolated ports do not talk");
    }

    @Test
    void hairpinAndPromiscuousModesAreSet() {
        BridgeLab.Container a = lab.container("a");
        Result hairpin = lab.add("ctr-a", a, "eth0", config("\"hairpinMode\":true"));
        assertTrue(hairpin.interfaces().get(1).name().startsWith("veth"));
        assertTrue(hairpinOf(hairpin));
        assertFalse(hostEnd(hairpin).attrs().bridgePort().isolated());

        BridgeLab.Container b = lab.container("b");
        Result promisc = lab.add("ctr-b", b, "eth0", BridgeLab.config("1.0.0", "ttnet2", "ttbr1", "\"promiscMode\":true",
                lab.hostLocal("10.78.0.0/24")));
        assertFalse(hairpinOf(promisc));
        try (Namespace host = BridgeLab.open(lab.host())) {
            assertTrue(host.links().get("ttbr1").attrs().isPromiscuous());
            assertFalse(host.links().get("ttbr0").attrs().isPromiscuous());
        }
    }

    private boolean hairpinOf(Result result) {
        return hostEnd(result).attrs().bridgePort().hairpin();
    }

    @Test
    void withoutIsGatewayTheBridgeHasNoAddress() {
        BridgeLab.Container a = lab.container("a");
        Result result = lab.add("ctr-a", a, "eth0", config(""));
        assertEquals(Cidr.parseAddress("10.77.0.1"), result.ips().get(0).gateway(), "host-local's gateway is reported");
        try (Namespace host = BridgeLab.open(lab.host())) {
            assertEquals(List.of(), host.addresses().list(host.links().indexOf("ttbr0"), Family.IPV4));
        }
    }

    @Test
    void theMacComesFromRuntimeConfigThenArgsThenCniArgs() {
        String ipam = lab.hostLocal("10.77.0.0/24");
        BridgeLab.Container a = lab.container("a");
        Map<String, String> env = lab.env("ADD", "ctr-a", a, "eth0");
        env.put("CNI_ARGS", "IgnoreUnknown=1;MAC=02:00:00:00:00:0a"); // host-local refuses keys it does not know
        Outcome fromEnv = lab.call(lab.bridge(), env, BridgeLab.config("1.0.0", "ttnet", "ttbr0", "", ipam));
        assertEquals(0, fromEnv.exitCode(), fromEnv::toString);
        assertEquals("02:00:00:00:00:0a", Result.fromBytes(fromEnv.stdout(), null).interfaces().get(2).mac(), fromEnv::toString);

        BridgeLab.Container b = lab.container("b");
        env = lab.env("ADD", "ctr-b", b, "eth0");
        env.put("CNI_ARGS", "IgnoreUnknown=1;MAC=02:00:00:00:00:0a"); // host-local refuses keys it does not know
        Outcome fromArgs = lab.call(lab.bridge(), env, BridgeLab.config("1.0.0", "ttnet", "ttbr0",
                "\"args\":{\"cni\":{\"mac\":\"02:00:00:00:00:0b\"}}", ipam));
        assertEquals("02:00:00:00:00:0b", Result.fromBytes(fromArgs.stdout(), null).interfaces().get(2).mac(), fromArgs::toString);

        BridgeLab.Container c = lab.container("c");
        Result fromRuntime = lab.add("ctr-c", c, "eth0", BridgeLab.config("1.0.0", "ttnet", "ttbr0",
                "\"args\":{\"cni\":{\"mac\":\"02:00:00:00:00:0b\"}},\"runtimeConfig\":{\"mac\":\"02:00:00:00:00:0c\"}", ipam));
        assertEquals("02:00:00:00:00:0c", fromRuntime.interfaces().get(2).mac());
    }

    @Test
    void enabledadTurnsDuplicateAddressDetectionOnAndAddWaitsForIt() {
        BridgeLab.Container a = lab.container("a");
        lab.add("ctr-a", a, "eth0", BridgeLab.config("1.0.0", "ttnet", "ttbr0", "\"enabledad\":true,\"isGateway\":true",
                lab.hostLocal("fd00:77::/64")));
        try (Namespace ns = BridgeLab.open(a.ns())) {
            assertEquals("1", ns.sysctl("net/ipv6/conf/eth0/accept_dad"));
            List<Addr> addrs = ns.addresses().list(ns.links().indexOf("eth0"), Family.IPV6);
            assertTrue(addrs.stream().noneMatch(x -> x.hasFlag(dev.tether.natives.rtnl.addr.AddrFlags.TENTATIVE)), addrs.toString());
        }
        BridgeLab.Container b = lab.container("b");
        lab.add("ctr-b", b, "eth0", BridgeLab.config("1.0.0", "ttnet", "ttbr0", "", lab.hostLocal("fd00:77::/64")));
        try (Namespace ns = BridgeLab.open(b.ns())) {
            assertEquals("0", ns.sysctl("net/ipv6/conf/eth0/accept_dad"), "without enabledad, DAD is off");
            assertEquals("1", ns.sysctl("net/ipv4/conf/eth0/arp_notify"));
        }
    }

    @Test
    void layer2AttachmentsAreUpWithoutAddressesAndDisableContainerInterfaceLeavesThemDown() {
        BridgeLab.Container a = lab.container("a");
        String l2 = BridgeLab.config("1.0.0", "ttnet", "ttbr0", "", null);
        Result result = lab.add("ctr-a", a, "eth0", l2);
        assertEquals(List.of(), result.ips());
        assertEquals(3, result.interfaces().size());
        try (Namespace ns = BridgeLab.open(a.ns())) {
            Link eth0 = ns.links().get("eth0");
            assertTrue(eth0.attrs().isUp());
            assertEquals(List.of(), ns.addresses().list(eth0.index(), Family.IPV4));
        }
        BridgeLab.Container b = lab.container("b");
        lab.add("ctr-b", b, "eth0", BridgeLab.config("1.0.0", "ttnet", "ttbr0", "\"disableContainerInterface\":true", null));
        try (Namespace ns = BridgeLab.open(b.ns())) {
            assertFalse(ns.links().get("eth0").attrs().isUp());
        }
        lab.del("ctr-a", a, "eth0", l2);
        assertEquals(List.of(), BridgeLab.links(a.ns()));
    }

    @Test
    void theDefaultBridgeIsTether0AndAnotherInterfaceNameWorks() {
        BridgeLab.Container a = lab.container("a");
        String config = "{\"cniVersion\":\"1.0.0\",\"name\":\"ttnet\",\"type\":\"tether-bridge\",\"ipam\":"
                + lab.hostLocal("10.77.0.0/24") + "}";
        Result result = lab.add("ctr-a", a, "net1", config);
        assertEquals("tether0", result.interfaces().get(0).name());
        assertEquals(List.of("net1"), BridgeLab.links(a.ns()));
        NetNs host = lab.host();
        try (Namespace ns = BridgeLab.open(host)) {
            assertTrue(ns.links().find("tether0").isPresent());
        }
    }
}
