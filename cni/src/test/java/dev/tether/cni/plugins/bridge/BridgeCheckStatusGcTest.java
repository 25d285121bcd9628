package dev.tether.cni.plugins.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.GcAttachment;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.LabTest;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.TestIpam;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.nft.Nftables;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.rtnl.route.Route;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** CHECK against prevResult, STATUS and GC (forwarded to the IPAM delegate). */
class BridgeCheckStatusGcTest extends LabTest {
    private final TestIpam ipam = new TestIpam();

    @Override
    protected PluginRegistry registry() {
        return PluginRegistry.standard().with(TestIpam.TYPE, context -> ipam);
    }

    private String hostLocalConfig() {
        return BridgeLab.config("1.0.0", "ttnet", "ttbr0", "\"isDefaultGateway\":true,\"ipMasq\":true,\"macspoofchk\":true",
                lab.hostLocal("10.77.0.0/24"));
    }

    private Outcome check(BridgeLab.Container c, String config, Result prev) {
        return lab.call(lab.bridge(), lab.env("CHECK", "ctr-1", c, "eth0"), BridgeFailureTest.withPrevResult(config, prev));
    }

    private void assertCheckFails(String config, Consumer<BridgeLab.Container> damage, String expected) {
        BridgeLab.Container c = lab.container("c");
        Result result = lab.add("ctr-1", c, "eth0", config);
        assertEquals(0, check(c, config, result).exitCode());
        damage.accept(c);
        Outcome failed = check(c, config, result);
        assertEquals(1, failed.exitCode());
        String msg = Fixtures.stdoutJson(failed).path("msg").asText();
        assertTrue(msg.contains(expected), msg);
    }

    @Test
    void checkFailsWhenAnAddressIsMissing() {
        assertCheckFails(hostLocalConfig(), c -> {
            try (Namespace ns = BridgeLab.open(c.ns())) {
                ns.addresses().delete(Addr.of(ns.links().indexOf("eth0"), IpPrefix.parse("10.77.0.2/24")));
            }
        }, "address 10.77.0.2/24 is not on interface \"eth0\"");
    }

    @Test
    void checkFailsWhenARouteIsMissing() {
        assertCheckFails(hostLocalConfig(), c -> {
            try (Namespace ns = BridgeLab.open(c.ns())) {
                ns.routes().delete(Route.to(IpPrefix.parse("0.0.0.0/0")));
            }
        }, "route to 0.0.0.0/0 via 10.77.0.1 is not in the routing table");
    }

    @Test
    void checkFailsWhenTheInterfaceIsGone() {
        assertCheckFails(hostLocalConfig(), c -> {
            try (Namespace ns = BridgeLab.open(c.ns())) {
                ns.links().delete("eth0");
            }
        }, "interface \"eth0\" is missing");
    }

    @Test
    void checkFailsWhenTheMasqueradeRulesAreFlushed() {
        assertCheckFails(hostLocalConfig(), c -> Nftables.run(lab.host(), "delete table inet tether"),
                "firewall rules (isolation, masquerade) of network \"ttnet\" are missing");
    }

    @Test
    void checkFailsWhenTheMacSpoofCheckIsGone() {
        assertCheckFails(hostLocalConfig(), c -> Nftables.run(lab.host(), "delete table bridge tether"),
                "MAC spoof check");
    }

    @Test
    void checkFailsWhenTheBridgeMacDiffers() {
        String config = hostLocalConfig();
        BridgeLab.Container c = lab.container("c");
        Result result = lab.add("ctr-1", c, "eth0", config);
        List<Result.Interface> tampered = List.of(Result.Interface.of("ttbr0", "02:00:00:00:00:01", null),
                result.interfaces().get(1), result.interfaces().get(2));
        Outcome failed = check(c, config, result.withInterfaces(tampered));
        assertTrue(Fixtures.stdoutJson(failed).path("msg").asText().contains("the MAC of \"ttbr0\""), failed.toString());
        Outcome noPrev = lab.call(lab.bridge(), lab.env("CHECK", "ctr-1", c, "eth0"), config);
        assertEquals(7, Fixtures.stdoutJson(noPrev).path("code").asInt(), "prevResult is required");
    }

    @Test
    void checkPassesOnTheDelegatesVerdict() {
        String config = hostLocalConfig();
        BridgeLab.Container c = lab.container("c");
        Result result = lab.add("ctr-1", c, "eth0", config);
        Outcome other = lab.call(lab.bridge(), lab.env("CHECK", "ctr-other", c, "eth0"), BridgeFailureTest.withPrevResult(config, result));
        assertTrue(Fixtures.stdoutJson(other).path("msg").asText().contains("ctr-other"), "host-local's own CHECK error: " + other);
    }

    private String ipamConfig(String extra) {
        return BridgeLab.config("1.1.0", "ttnet", "ttbr0", "\"macspoofchk\":true",
                "{\"type\":\"tt-ipam\",\"address\":\"10.77.0.2/24\",\"gateway\":\"10.77.0.1\"" + extra + "}");
    }

    private int status(String config) {
        Map<String, String> env = Map.of("CNI_COMMAND", "STATUS", "CNI_PATH", lab.cniPath().toString());
        Outcome outcome = lab.call(lab.bridge(), env, config);
        return outcome.exitCode() == 0 ? 0 : Fixtures.stdoutJson(outcome).path("code").asInt();
    }

    @Test
    void statusIsForwardedToTheDelegateAndReportsWhetherAddsCanBeServed() {
        assertEquals(0, status(ipamConfig("")));
        assertEquals(1, ipam.requests(CniCommand.STATUS).size());
        assertEquals(50, status(ipamConfig(",\"statusCode\":50")));
        assertEquals(51, status(ipamConfig(",\"statusCode\":51")), "the delegate's 51 is passed on");
        assertEquals(50, status(ipamConfig(",\"statusCode\":11")), "other delegate errors mean: not available");
        String missingIpam = BridgeLab.config("1.1.0", "ttnet", "ttbr0", "", "{\"type\":\"tt-missing\"}");
        assertEquals(50, status(missingIpam), "an IPAM plugin that is not installed");

        try (Namespace host = BridgeLab.open(lab.host())) {
            host.links().add(new Veth(LinkAttrs.named("ttbr0"), LinkAttrs.named("ttbr0p"), null));
        }
        assertEquals(50, status(ipamConfig("")), "the bridge name is taken by a veth");
    }

    @Test
    void gcIsForwardedAndRemovesTheFirewallStateOfStaleAttachments() {
        String config = ipamConfig("");
        BridgeLab.Attached a = lab.attach("a", config);
        lab.attach("b", config);
        String before = Nftables.run(lab.host(), "list table bridge tether");
        assertTrue(before.contains("ctr-a") && before.contains("ctr-b"), before);

        ObjectNode gc = Fixtures.json(config);
        gc.set(GcAttachment.VALID_ATTACHMENTS, GcAttachment.toJson(List.of(new GcAttachment("ctr-a", "eth0"))));
        Outcome outcome = lab.call(lab.bridge(), Map.of("CNI_COMMAND", "GC", "CNI_PATH", lab.cniPath().toString()), Json.string(gc));
        assertEquals(0, outcome.exitCode(), outcome::toString);
        assertEquals(List.of(new GcAttachment("ctr-a", "eth0")), ipam.last(CniCommand.GC).validAttachments(), "forwarded to IPAM");
        String after = Nftables.run(lab.host(), "list table bridge tether");
        assertTrue(after.contains("ctr-a") && after.contains(a.result().interfaces().get(1).name()), after);
        assertFalse(after.contains("ctr-b"), "the stale attachment's elements are gone: " + after);
    }
}
