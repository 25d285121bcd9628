package dev.tether.cni.plugins.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.LabTest;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.TestIpam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Results in every spec version, in the reference's shape for each. */
class BridgeVersionsTest extends LabTest {
    private final TestIpam ipam = new TestIpam();

    @Override
    protected PluginRegistry registry() {
        return PluginRegistry.standard().with(TestIpam.TYPE, context -> ipam);
    }

    /** host-local (1.1.1) speaks the versions up to 1.0.0. */
    @ParameterizedTest
    @ValueSource(strings = {"0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"})
    void everyVersionWithHostLocal(String version) {
        String config = BridgeLab.config(version, "ttnet", "ttbr0", "\"isDefaultGateway\":true,\"dns\":{\"nameservers\":[\"10.77.0.1\"]}",
                lab.hostLocal("10.77.0.0/24"));
        BridgeLab.Container c = lab.container("c");
        Outcome add = lab.call(lab.bridge(), lab.env("ADD", "ctr-v", c, "eth0"), config);
        assertEquals(0, add.exitCode(), add::toString);
        ObjectNode out = Fixtures.stdoutJson(add);
        assertEquals(version, out.path("cniVersion").asText());
        assertShape(CniVersion.find(version).orElseThrow(), out);

        if (CniVersion.find(version).orElseThrow().atLeast(CniVersion.V0_4_0)) {
            Outcome check = lab.call(lab.bridge(), lab.env("CHECK", "ctr-v", c, "eth0"),
                    BridgeFailureTest.withPrevResult(config, Result.fromBytes(add.stdout(), CniVersion.find(version).get())));
            assertEquals(0, check.exitCode(), check::toString);
        }
        lab.del("ctr-v", c, "eth0", config);
        assertEquals(List.of(), lab.leases("ttnet"));
        assertEquals(List.of(), BridgeLab.links(c.ns()));
    }

    static void assertShape(CniVersion version, ObjectNode out) {
        switch (version.resultFormat()) {
            case IP4_IP6 -> {
                assertEquals("10.77.0.2/24", out.path("ip4").path("ip").asText(), out.toString());
                assertEquals("10.77.0.1", out.path("ip4").path("gateway").asText());
                assertEquals("0.0.0.0/0", out.path("ip4").path("routes").get(0).path("dst").asText());
                assertFalse(out.has("interfaces"), "0.1.0/0.2.0 results have no interfaces");
            }
            case IPS_WITH_VERSION, CURRENT -> {
                JsonNode interfaces = out.path("interfaces");
                assertEquals(3, interfaces.size(), out.toString());
                assertEquals("ttbr0", interfaces.get(0).path("name").asText());
                assertTrue(interfaces.get(1).path("name").asText().startsWith("veth"));
                assertEquals("eth0", interfaces.get(2).path("name").asText());
                assertTrue(interfaces.get(2).path("sandbox").asText().startsWith("/run/netns/tt-c-"));
                JsonNode ip = out.path("ips").get(0);
                assertEquals("10.77.0.2/24", ip.path("address").asText());
                assertEquals(2, ip.path("interface").asInt());
                assertEquals(version.resultFormat() == CniVersion.ResultFormat.IPS_WITH_VERSION, ip.has("version"), out.toString());
                assertEquals("0.0.0.0/0", out.path("routes").get(0).path("dst").asText());
            }
        }
        assertEquals("10.77.0.1", out.path("dns").path("nameservers").get(0).asText(), "dns from the config");
    }

    @Test
    void version110WithAnIpamThatSpeaksIt() {
        String ipamSection = "{\"type\":\"tt-ipam\",\"address\":\"10.77.0.2/24\",\"gateway\":\"10.77.0.1\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}";
        String config = BridgeLab.config("1.1.0", "ttnet", "ttbr0", "\"dns\":{\"nameservers\":[\"10.77.0.1\"]}", ipamSection);
        BridgeLab.Container c = lab.container("c");
        Outcome add = lab.call(lab.bridge(), lab.env("ADD", "ctr-v", c, "eth0"), config);
        assertEquals(0, add.exitCode(), add::toString);
        ObjectNode out = Fixtures.stdoutJson(add);
        assertEquals("1.1.0", out.path("cniVersion").asText());
        assertShape(CniVersion.V1_1_0, out);
        assertEquals(1, ipam.requests(CniCommand.ADD).size(), "tt-ipam was called in-process");

        Outcome check = lab.call(lab.bridge(), lab.env("CHECK", "ctr-v", c, "eth0"),
                BridgeFailureTest.withPrevResult(config, Result.fromBytes(add.stdout(), CniVersion.V1_1_0)));
        assertEquals(0, check.exitCode(), check::toString);
        assertEquals(1, ipam.requests(CniCommand.CHECK).size(), "CHECK is delegated");
        lab.del("ctr-v", c, "eth0", config);
        assertEquals(1, ipam.requests(CniCommand.DEL).size(), "DEL is delegated");
    }

    @Test
    void oldVersionsRefuseLayer2BeforeChangingAnything() {
        BridgeLab.Container c = lab.container("c");
        Outcome add = lab.call(lab.bridge(), lab.env("ADD", "ctr-v", c, "eth0"), BridgeLab.config("0.2.0", "ttnet", "ttbr0", "", null));
        assertEquals(1, Fixtures.stdoutJson(add).path("code").asInt(), add::toString);
        assertEquals(List.of(), BridgeLab.links(c.ns()));
        assertEquals(List.of(), BridgeLab.links(lab.host()), "not even the bridge was made");
    }
}
