package dev.tether.cni.plugins.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.LabTest;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.nft.Nftables;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** tether-portmap called directly, as a runtime's chain calls it: results, refusals, STATUS, DEL. */
class PortMapPluginTest extends LabTest {
    private PluginHandler portmap;
    private BridgeLab.Container container;

    @BeforeEach
    void setUp() {
        portmap = lab.registry().handler(PortMapPlugin.TYPE, lab.context()).orElseThrow();
        container = lab.container("pm");
    }

    /** A previous result: the bridge, the host end, eth0 in the container with the addresses. */
    private String prevResult(String... addresses) {
        StringBuilder ips = new StringBuilder();
        for (String address : addresses) {
            ips.append(ips.length() == 0 ? "" : ",").append("{\"address\":\"").append(address).append("\",\"interface\":2}");
        }
        return "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"ttpmx0\",\"mac\":\"02:00:00:00:00:01\"},"
                + "{\"name\":\"vethpm\",\"mac\":\"02:00:00:00:00:02\"},{\"name\":\"eth0\",\"mac\":\"02:00:00:00:00:03\","
                + "\"sandbox\":\"" + container.path() + "\"}],\"ips\":[" + ips + "],\"routes\":[{\"dst\":\"0.0.0.0/0\"}],"
                + "\"dns\":{\"nameservers\":[\"10.92.0.1\"]}}";
    }

    private String config(String extra, String mappings, String prev) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"pmnet\",\"type\":\"tether-portmap\"" + (extra.isEmpty() ? "" : "," + extra)
                + (mappings == null ? "" : ",\"runtimeConfig\":{\"portMappings\":[" + mappings + "]}")
                + (prev == null ? "" : ",\"prevResult\":" + prev) + "}";
    }

    private Outcome call(String command, String id, String config) {
        return lab.call(portmap, lab.env(command, id, container, "eth0"), config);
    }

    private ObjectNode error(Outcome outcome, int code) {
        assertEquals(1, outcome.exitCode(), outcome::toString);
        ObjectNode error = Fixtures.stdoutJson(outcome);
        assertEquals(code, error.path("code").asInt(), outcome::toString);
        assertFalse(outcome.stderrText().contains("\tat "), "no stack trace: " + outcome.stderrText());
        return error;
    }

    private String table() {
        try {
            return Nftables.run(lab.host(), "list table inet tether");
        } catch (NotFoundException none) {
            return "";
        }
    }

    @Test
    void addPassesThePreviousResultThroughUnchanged() {
        String prev = prevResult("10.92.0.5/24", "fd92::5/64");
        Outcome outcome = call("ADD", "ctr-1", config("", "{\"hostPort\":8080,\"containerPort\":80}", prev));
        assertEquals(0, outcome.exitCode(), outcome::toString);
        assertEquals(Result.fromJson(Fixtures.json(prev), CniVersion.V1_0_0), Result.fromBytes(outcome.stdout(), CniVersion.V1_0_0));
        assertEquals("1.0.0", Fixtures.stdoutJson(outcome).path("cniVersion").asText());
        assertTrue(table().contains("0.0.0.0/0 . tcp . 8080") && table().contains("::/0 . tcp . 8080"), table());
        assertTrue(outcome.stderrText().contains("no route of the host leads to 10.92.0.5"), outcome.stderrText());
    }

    @Test
    void withoutMappingsNothingIsWrittenAndWithoutPrevResultTheAddIsRefused() {
        String prev = prevResult("10.92.0.5/24");
        Outcome none = call("ADD", "ctr-1", config("", null, prev));
        assertEquals(0, none.exitCode(), none::toString);
        assertEquals(Json.parseObject(Fixtures.bytes(prev), "prev"), Fixtures.stdoutJson(none));
        assertEquals("", table(), "no table for a container without ports");

        ObjectNode chained = error(call("ADD", "ctr-1", config("", "{\"hostPort\":8080,\"containerPort\":80}", null)), 7);
        assertTrue(chained.path("msg").asText().contains("prevResult: is required for ADD: tether-portmap is a chained plugin"),
                chained.toString());
        error(call("CHECK", "ctr-1", config("", "{\"hostPort\":8080,\"containerPort\":80}", null)), 7);
        ObjectNode noAddress = error(call("ADD", "ctr-1", config("", "{\"hostPort\":8080,\"containerPort\":80}",
                prevResult())), 7);
        assertTrue(noAddress.path("msg").asText().contains("prevResult.ips"), noAddress.toString());
    }

    @Test
    void badMappingsAndKeysOfTheIptablesBackendAreRefusedByName() {
        String prev = prevResult("10.92.0.5/24");
        Map<String, String> code7 = Map.of(
                "{\"hostPort\":8080,\"containerPort\":0}", "runtimeConfig.portMappings[0].containerPort",
                "{\"hostPort\":70000,\"containerPort\":80}", "runtimeConfig.portMappings[0].hostPort",
                "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"icmp\"}", "runtimeConfig.portMappings[0].protocol",
                "{\"hostPort\":8080,\"containerPort\":80,\"hostIP\":\"example.com\"}", "runtimeConfig.portMappings[0].hostIP",
                "{\"hostPort\":8080,\"containerPort\":80},{\"hostPort\":8080,\"containerPort\":81,\"hostIP\":\"127.0.0.1\"}",
                "runtimeConfig.portMappings[1]: 127.0.0.1:8080:81/tcp takes the same host port as runtimeConfig.portMappings[0]"
                        + " (8080:80/tcp)",
                "{\"hostPort\":8080,\"containerPort\":80,\"hostIP\":\"fd00::1\"}",
                "publishes on an IPv6 address, but the container has none");
        code7.forEach((mappings, field) -> assertTrue(error(call("ADD", "ctr-1", config("", mappings, prev)), 7).path("msg")
                .asText().contains(field), mappings));
        Map<String, Integer> keys = Map.of("\"backend\":\"iptables\"", 2, "\"externalSetMarkChain\":\"KUBE-MARK-MASQ\"", 2,
                "\"conditionsV4\":[\"ip saddr 10.0.0.0/8\"]", 2, "\"markMasqBit\":40", 7, "\"portRange\":\"9-x\"", 7,
                "\"portRange\":\"2000-1000\"", 7);
        keys.forEach((extra, code) -> error(call("ADD", "ctr-1", config(extra, "{\"hostPort\":8080,\"containerPort\":80}", prev)),
                code));
        assertEquals("", table(), "nothing was written");

        Outcome markBit = call("ADD", "ctr-1", config("\"markMasqBit\":13,\"conditionsV6\":[]",
                "{\"hostPort\":8080,\"containerPort\":80},{\"hostPort\":8080,\"containerPort\":80}", prev));
        assertEquals(0, markBit.exitCode(), markBit::toString);
        assertTrue(markBit.stderrText().contains("markMasqBit 13 is ignored"), markBit.stderrText());
        assertEquals(1, lab.context().firewall().publishedPorts().size(), "the duplicate mapping is one port");
    }

    @Test
    void aRangeWithoutAFreePortFailsTheAddWithItsOwnCode() {
        String range = "\"portRange\":\"42000-42000\"";
        Outcome first = call("ADD", "ctr-1", config(range, "{\"containerPort\":80}", prevResult("10.92.0.5/24")));
        assertEquals(0, first.exitCode(), first::toString);
        ObjectNode full = error(call("ADD", "ctr-2", config(range, "{\"hostPort\":0,\"containerPort\":80}",
                prevResult("10.92.0.6/24"))), PortMapPlugin.NO_FREE_PORT);
        assertTrue(full.path("msg").asText().contains("no free host port in 42000-42000"), full.toString());
    }

    @Test
    void statusMakesTheChainsAndDelAlwaysGetsThrough() {
        Outcome status = call("STATUS", "", "{\"cniVersion\":\"1.1.0\",\"name\":\"pmnet\",\"type\":\"tether-portmap\"}");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(table().contains("chain portmap_prerouting"), table());

        assertEquals(0, call("ADD", "ctr-1", config("", "{\"hostPort\":8080,\"containerPort\":80}", prevResult("10.92.0.5/24")))
                .exitCode());
        Outcome del = call("DEL", "ctr-1", config("\"conditionsV4\":[\"bad\"]", null, null));
        assertEquals(0, del.exitCode(), "a config ADD would refuse does not keep DEL from cleaning up: " + del);
        assertEquals(0, lab.context().firewall().publishedPorts().size());
        assertEquals(0, call("DEL", "ctr-1", config("", null, null)).exitCode(), "again");
    }

    @Test
    void versionListsEverySpecVersion() {
        Outcome version = lab.call(portmap, Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"1.1.0\"}");
        assertEquals(0, version.exitCode());
        assertTrue(version.stdoutText().contains("\"1.1.0\"") && version.stdoutText().contains("\"0.3.1\""),
                version.stdoutText());
        assertThrows(IllegalArgumentException.class, () -> PortRange.parse("1-2-3"));
    }
}
