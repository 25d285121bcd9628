package dev.tether.natives.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.link.Bridge;
import dev.tether.natives.rtnl.link.BridgeOptions;
import dev.tether.natives.rtnl.link.BridgePort;
import dev.tether.natives.rtnl.link.GenericLink;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Links;
import dev.tether.natives.rtnl.link.Macvlan;
import dev.tether.natives.rtnl.link.MacvlanMode;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.rtnl.link.Vxlan;
import dev.tether.natives.testing.Commands;
import dev.tether.natives.testing.TestNamespaces;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkOperationsTest {
    private final TestNamespaces namespaces = new TestNamespaces();
    private NetNs ns;
    private String name;
    private Netlink nl;
    private Links links;

    @BeforeEach
    void setUp() {
        ns = namespaces.create("link");
        name = namespaces.names().get(0);
        nl = Netlink.open(ns);
        links = nl.links();
    }

    @AfterEach
    void cleanUp() {
        if (nl != null) {
            nl.close();
        }
        namespaces.close();
    }

    private String ipLink(String device) {
        return Commands.run("ip", "-n", name, "-d", "link", "show", "dev", device);
    }

    @Test
    void errorsComeBackTyped() {
        links.add(Bridge.named("br0"));
        AlreadyExistsException exists = assertThrows(AlreadyExistsException.class, () -> links.add(Bridge.named("br0")));
        assertEquals("RTM_NEWLINK bridge br0: File exists (EEXIST)", exists.getMessage());
        assertEquals(Errno.EEXIST, exists.errno());

        NotFoundException missing = assertThrows(NotFoundException.class, () -> links.delete("nope0"));
        assertEquals(Errno.ENODEV, missing.errno());
        assertEquals("RTM_DELLINK nope0: No such device (ENODEV)", missing.getMessage());
        assertThrows(NotFoundException.class, () -> links.get("nope0"));
        assertThrows(NotFoundException.class, () -> links.setUp("nope0"));
        assertTrue(links.find("nope0").isEmpty());
        assertFalse(links.deleteIfExists("nope0"));

        NativeException badName = assertThrows(NativeException.class, () -> links.add(Bridge.named("bad/name")));
        assertEquals(Errno.EINVAL, badName.errno());
        assertFalse(badName instanceof NotFoundException || badName instanceof AlreadyExistsException);

        NativeException badMtu = assertThrows(NativeException.class, () -> links.setMtu("br0", 10));
        assertEquals(Errno.EINVAL, badMtu.errno());
        assertTrue(badMtu.detail().isPresent(), "the kernel's extended ack is kept: " + badMtu.getMessage());
    }

    @Test
    void renameMtuMacPromiscuousUpDown() {
        links.add(Veth.of("va", "vb"));
        links.rename("va", "vc");
        assertTrue(links.find("va").isEmpty());
        Link vc = links.get("vc");
        assertInstanceOf(Veth.class, vc);

        links.setMtu("vc", 1400);
        MacAddress mac = MacAddress.parse("02:11:22:33:44:55");
        links.setMac("vc", mac);
        links.setPromiscuous("vc", true);
        links.setUp("vc");
        LinkAttrs a = links.get("vc").attrs();
        assertEquals(1400, a.mtu());
        assertEquals(mac, a.mac());
        assertTrue(a.isPromiscuous());
        assertTrue(a.isUp());
        String shown = ipLink("vc");
        assertTrue(shown.contains("mtu 1400") && shown.contains("02:11:22:33:44:55") && shown.contains("PROMISC"), shown);
        assertEquals(links.get(a.index()), links.get("vc"));

        links.setPromiscuous("vc", false);
        links.setDown("vc");
        a = links.get("vc").attrs();
        assertFalse(a.isPromiscuous());
        assertFalse(a.isUp());
    }

    @Test
    void masterAndNomaster() {
        links.add(Bridge.named("br0"));
        int bridge = links.indexOf("br0");
        links.add(Veth.of("va", "vb"));
        links.setMaster("va", "br0");
        assertEquals(bridge, links.get("va").attrs().masterIndex());
        assertTrue(Commands.run("ip", "-n", name, "-o", "link", "show", "master", "br0").contains("va@vb"));
        links.setNoMaster("va");
        assertEquals(0, links.get("va").attrs().masterIndex());
        assertNull(links.get("va").attrs().bridgePort());
        assertFalse(Commands.run("ip", "-n", name, "-o", "link", "show", "master", "br0").contains("va@vb"));
    }

    @Test
    void bridgePortFlags() {
        links.add(Bridge.named("br0"));
        links.add(new Veth(LinkAttrs.named("va").withMaster(links.indexOf("br0")), LinkAttrs.named("vb"), null));

        links.setBridgePort("va", BridgePort.UNCHANGED.withHairpin(true).withIsolated(true).withLearning(false));
        BridgePort port = links.get("va").attrs().bridgePort();
        assertEquals(new BridgePort(true, true, false, true), port);
        String shown = ipLink("va");
        assertTrue(shown.contains("hairpin on") && shown.contains("isolated on") && shown.contains("learning off"), shown);
        assertEquals(port, links.list().stream().filter(l -> l.name().equals("va")).findFirst().orElseThrow()
                .attrs().bridgePort(), "a dump reports the port settings too");

        links.setBridgePort("va", BridgePort.UNCHANGED.withHairpin(false));
        assertEquals(new BridgePort(false, true, false, true), links.get("va").attrs().bridgePort());
        assertTrue(ipLink("va").contains("hairpin off"));
    }

    @Test
    void bridgeOptions() {
        links.add(new Bridge(LinkAttrs.named("br0"), BridgeOptions.DEFAULTS.withStp(true).withMulticastSnooping(false)));
        BridgeOptions options = ((Bridge) links.get("br0")).options();
        assertEquals(true, options.stp());
        assertEquals(false, options.multicastSnooping());
        assertEquals(false, options.vlanFiltering());

        links.setBridgeOptions("br0", BridgeOptions.DEFAULTS.withMulticastSnooping(true));
        assertEquals(new BridgeOptions(false, true, true), ((Bridge) links.get("br0")).options());
        String shown = ipLink("br0");
        assertTrue(shown.contains("stp_state 1") && shown.contains("mcast_snooping 1"), shown);

        // Kernels built without CONFIG_BRIDGE_VLAN_FILTERING (this CI's) refuse the attribute, even 0.
        try {
            links.setBridgeOptions("br0", BridgeOptions.DEFAULTS.withVlanFiltering(true));
            assertEquals(true, ((Bridge) links.get("br0")).options().vlanFiltering());
            assertTrue(ipLink("br0").contains("vlan_filtering 1"));
        } catch (NativeException e) {
            assertEquals(Errno.EOPNOTSUPP, e.errno(), e.getMessage());
        }
    }

    @Test
    void vxlan() {
        links.add(Veth.of("under0", "under1"));
        int under = links.indexOf("under0");
        links.add(new Vxlan(LinkAttrs.named("vx0").withMtu(1450), 42, InetAddresses.parse("10.1.1.1"), null, under,
                4789, false));
        Vxlan vx = assertInstanceOf(Vxlan.class, links.get("vx0"));
        assertEquals(42, vx.vni());
        assertEquals(4789, vx.port());
        assertEquals(InetAddresses.parse("10.1.1.1"), vx.local());
        assertEquals(under, vx.vtepIndex());
        assertEquals(false, vx.learning());
        assertEquals(1450, vx.attrs().mtu());
        String shown = ipLink("vx0");
        assertTrue(shown.contains("vxlan id 42") && shown.contains("local 10.1.1.1") && shown.contains("dev under0")
                && shown.contains("dstport 4789") && shown.contains("nolearning"), shown);
    }

    @Test
    void macvlanOnAVethParent() {
        links.add(Veth.of("parent0", "parent1"));
        int parent = links.indexOf("parent0");
        MacAddress mac = MacAddress.parse("02:aa:00:00:00:01");
        links.add(new Macvlan(LinkAttrs.named("mv0").withParent(parent).withMac(mac), MacvlanMode.BRIDGE));
        Macvlan mv = assertInstanceOf(Macvlan.class, links.get("mv0"));
        assertEquals(MacvlanMode.BRIDGE, mv.mode());
        assertEquals(parent, mv.attrs().parentIndex());
        assertEquals(mac, mv.attrs().mac());
        String shown = ipLink("mv0");
        assertTrue(shown.contains("mv0@parent0") && shown.contains("macvlan mode bridge"), shown);
    }

    @Test
    void vethPeerInAnotherNamespaceAndMovingLinks() {
        NetNs other = namespaces.create("other");
        MacAddress hostMac = MacAddress.parse("02:00:00:00:01:01");
        MacAddress peerMac = MacAddress.parse("02:00:00:00:01:02");
        links.add(new Veth(LinkAttrs.named("h0").withMac(hostMac), LinkAttrs.named("c0").withMac(peerMac).withMtu(1300), other));
        assertTrue(links.find("c0").isEmpty());
        try (Netlink o = Netlink.open(other)) {
            Link c0 = o.links().get("c0");
            assertEquals(peerMac, c0.attrs().mac());
            assertEquals(1300, c0.attrs().mtu());
            assertEquals(links.indexOf("h0"), c0.attrs().parentIndex());

            links.add(Veth.of("m0", "m1"));
            links.setNamespace("m1", other);
            assertTrue(links.find("m1").isEmpty());
            assertTrue(o.links().find("m1").isPresent());
        }
        links.delete("h0");
        assertTrue(links.find("h0").isEmpty());
    }

    @Test
    void listShowsEveryLinkWithItsKind() {
        links.add(Bridge.named("br0"));
        links.add(Veth.of("va", "vb"));
        Map<String, String> kinds = new TreeMap<>();
        for (Link link : links.list()) {
            kinds.put(link.name(), link.kind());
        }
        assertEquals(Map.of("lo", "", "br0", "bridge", "va", "veth", "vb", "veth"), kinds);
        assertInstanceOf(GenericLink.class, links.get("lo"));
        assertTrue(links.deleteIfExists("va"));
        assertEquals(2, links.list().size());
    }
}
