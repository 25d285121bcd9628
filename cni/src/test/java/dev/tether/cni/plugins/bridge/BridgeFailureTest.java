package dev.tether.cni.plugins.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.LabTest;
import dev.tether.cni.testing.Fixtures;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.addr.Addr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failed ADDs undo what they did; DEL succeeds whatever is already gone. */
class BridgeFailureTest extends LabTest {

    private String config(String extra, String ipam) {
        return BridgeLab.config("1.0.0", "ttnet", "ttbr0", extra, ipam);
    }

    /**
     * The reference's behaviour: a second ADD of an attachment fails (the interface exists) before
     * it changes anything, so the first attachment keeps working and keeps its lease.
     */
    @Test
    void aSecondAddOfTheSameAttachmentFailsAndLeavesTheFirstIntact() {
        String config = config("\"isGateway\":true", lab.hostLocal("10.77.0.0/24"));
        BridgeLab.Container c = lab.container("c");
        Result first = lab.add("ctr-1", c, "eth0", config);

        Outcome second = lab.call(lab.bridge(), lab.env("ADD", "ctr-1", c, "eth0"), config);
        assertEquals(1, second.exitCode());
        ObjectNode error = Fixtures.stdoutJson(second);
        assertEquals(999, error.path("code").asInt());
        assertTrue(error.path("msg").asText().contains("\"eth0\" already exists"), error.toString());

        assertEquals(List.of(Cidr.format(first.ips().get(0).address().address())), lab.leases("ttnet"), "the lease is kept");
        assertEquals(List.of("ttbr0", first.interfaces().get(1).name()), BridgeLab.links(lab.host()));
        assertTrue(BridgeLab.ping(c.name(), "10.77.0.1"), "the first attachment still works");
        Outcome check = lab.call(lab.bridge(), lab.env("CHECK", "ctr-1", c, "eth0"), withPrevResult(config, first));
        assertEquals(0, check.exitCode(), check::toString);
    }

    @Test
    void anExhaustedIpamLeavesNothingBehind() {
        String config = config("\"isGateway\":true", lab.hostLocal("10.77.0.0/30"));
        BridgeLab.Container a = lab.container("a");
        BridgeLab.Container b = lab.container("b");
        Result first = lab.add("ctr-a", a, "eth0", config);

        Outcome failed = lab.call(lab.bridge(), lab.env("ADD", "ctr-b", b, "eth0"), config);
        assertEquals(1, failed.exitCode());
        assertTrue(Fixtures.stdoutJson(failed).path("msg").asText().contains("no IP addresses available"), failed.toString());
        assertEquals(List.of(), BridgeLab.links(b.ns()), "no interface in the container");
        assertEquals(List.of("ttbr0", first.interfaces().get(1).name()), BridgeLab.links(lab.host()), "no second host veth");
        assertEquals(List.of("10.77.0.2"), lab.leases("ttnet"), "only the first lease");
    }

    @Test
    void aMissingIpamPluginLeavesNothingBehind() {
        String config = config("", "{\"type\":\"tt-no-such-ipam\"}");
        BridgeLab.Container c = lab.container("c");
        Outcome failed = lab.call(lab.bridge(), lab.env("ADD", "ctr-1", c, "eth0"), config);
        assertEquals(7, Fixtures.stdoutJson(failed).path("code").asInt(), failed.toString());
        assertEquals(List.of(), BridgeLab.links(c.ns()));
        assertEquals(List.of(), BridgeLab.links(lab.host()), "found missing before even the bridge was made");
    }

    /**
     * IPAM runs beside the bridge and veth work: when that work fails (the bridge's name is taken
     * by a veth), the addresses IPAM allocated meanwhile are released.
     */
    @Test
    void aFailureWhileMakingTheBridgeReleasesTheAddressesIpamAllocatedMeanwhile() {
        String config = config("\"isGateway\":true", lab.hostLocal("10.77.0.0/24"));
        BridgeLab.Container c = lab.container("c");
        try (Namespace host = BridgeLab.open(lab.host())) {
            host.links().add(dev.tether.natives.rtnl.link.Veth.of("ttbr0", "ttbr0-peer"));
        }
        Outcome failed = lab.call(lab.bridge(), lab.env("ADD", "ctr-1", c, "eth0"), config);
        ObjectNode error = Fixtures.stdoutJson(failed);
        assertEquals(7, error.path("code").asInt(), failed.toString());
        assertTrue(error.path("msg").asText().contains("not a bridge"), error.toString());
        assertEquals(List.of(), lab.leases("ttnet"), "the lease was released");
        assertEquals(List.of(), BridgeLab.links(c.ns()));
        assertEquals(List.of("ttbr0", "ttbr0-peer"), BridgeLab.links(lab.host()).stream().sorted().toList());

        // Once the name is free, the next attachment holds the only lease.
        try (Namespace host = BridgeLab.open(lab.host())) {
            host.links().delete("ttbr0");
        }
        Result next = lab.add("ctr-2", c, "eth0", config);
        assertEquals(List.of(Cidr.format(next.ips().get(0).address().address())), lab.leases("ttnet"));
    }

    /** A failure after IPAM (the bridge has another address): the lease is released and the veth deleted. */
    @Test
    void aFailureAfterIpamReleasesTheLeaseAndDeletesTheVeth() {
        String config = config("\"isGateway\":true", lab.hostLocal("10.77.0.0/24"));
        BridgeLab.Container c = lab.container("c");
        try (Namespace host = BridgeLab.open(lab.host())) {
            host.links().add(dev.tether.natives.rtnl.link.Bridge.named("ttbr0"));
            host.addresses().add(Addr.of(host.links().indexOf("ttbr0"), IpPrefix.parse("10.99.0.1/24")));
        }
        Outcome failed = lab.call(lab.bridge(), lab.env("ADD", "ctr-1", c, "eth0"), config);
        ObjectNode error = Fixtures.stdoutJson(failed);
        assertEquals(7, error.path("code").asInt(), failed.toString());
        assertTrue(error.path("msg").asText().contains("already has an IP address 10.99.0.1/24"), error.toString());
        assertEquals(List.of(), lab.leases("ttnet"), "the lease was released");
        assertEquals(List.of(), BridgeLab.links(c.ns()));
        assertEquals(List.of("ttbr0"), BridgeLab.links(lab.host()));

        // forceAddress replaces the conflicting address, as the reference does.
        Result forced = lab.add("ctr-1", c, "eth0", config("\"isGateway\":true,\"forceAddress\":true", lab.hostLocal("10.77.0.0/24")));
        try (Namespace host = BridgeLab.open(lab.host())) {
            List<IpPrefix> onBridge = host.addresses().list(host.links().indexOf("ttbr0"), Family.IPV4).stream().map(Addr::prefix).toList();
            assertEquals(List.of(IpPrefix.parse("10.77.0.1/24")), onBridge);
        }
        assertEquals(1, forced.ips().size());
    }

    @Test
    void delSucceedsWhenTheNamespaceIsGone() {
        String config = config("", lab.hostLocal("10.77.0.0/24"));
        BridgeLab.Container c = lab.container("c");
        lab.add("ctr-1", c, "eth0", config);
        c.ns().close();
        NetNs.delete(c.name());

        lab.del("ctr-1", c, "eth0", config);
        assertEquals(List.of(), lab.leases("ttnet"));
        assertTrue(dev.tether.cni.net.Deadline.await(java.time.Duration.ofSeconds(5),
                () -> BridgeLab.links(lab.host()).equals(List.of("ttbr0"))), "the veth died with the namespace");
        lab.del("ctr-1", c, "eth0", config);
    }

    @Test
    void delSucceedsWhenTheInterfaceIsGoneAndWithoutNetns() {
        String config = config("", lab.hostLocal("10.77.0.0/24"));
        BridgeLab.Container c = lab.container("c");
        Result result = lab.add("ctr-1", c, "eth0", config);
        try (Namespace ns = BridgeLab.open(c.ns())) {
            ns.links().delete("eth0");
        }
        lab.del("ctr-1", c, "eth0", config);
        assertEquals(List.of(), lab.leases("ttnet"));

        // Without CNI_NETNS, the host end named in prevResult goes (the namespace lives on).
        Result second = lab.add("ctr-2", c, "eth0", config);
        assertNotEquals(result.interfaces().get(1).name(), second.interfaces().get(1).name());
        Map<String, String> env = lab.env("DEL", "ctr-2", null, "eth0");
        Outcome del = lab.call(lab.bridge(), env, withPrevResult(config, second));
        assertEquals(0, del.exitCode(), del::toString);
        assertEquals(List.of("ttbr0"), BridgeLab.links(lab.host()));
        assertEquals(List.of(), BridgeLab.links(c.ns()));
        assertEquals(List.of(), lab.leases("ttnet"));
    }

    static String withPrevResult(String config, Result prev) {
        ObjectNode node = Fixtures.json(config);
        node.set("prevResult", prev.toJson(CniVersion.find(node.path("cniVersion").asText()).orElseThrow()));
        return Json.string(node);
    }
}
