package dev.tether.cni.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin configs, IPAM sections, conflists and the derivation of request configs (spec sections 1 and 3). */
class ConfigTest {
    private static final String DBNET = """
        {"cniVersion":"1.0.0","cniVersions":["0.3.1","0.4.0","1.0.0","1.1.0","1.2.0"],"name":"dbnet",
         "disableCheck":"true","extraListKey":1,
         "plugins":[
          {"type":"bridge","bridge":"cni0","keyA":["some more","plugin specific","configuration"],
           "ipam":{"type":"host-local","subnet":"10.1.0.0/16","gateway":"10.1.0.1","routes":[{"dst":"0.0.0.0/0"}]},
           "dns":{"nameservers":["10.1.0.1"]}},
          {"type":"tuning","capabilities":{"mac":true,"ips":false},"sysctl":{"net.core.somaxconn":"500"},
           "cni.dev/stale":"x","prevResult":{"bogus":true}},
          {"type":"portmap","capabilities":{"portMappings":true},"runtimeConfig":{"configured":1}}]}
        """;

    @TempDir
    Path dir;

    @Test
    void aPluginConfigKeepsItsBytesAndUnknownFields() {
        byte[] bytes = Fixtures.bytes("{\"cniVersion\":\"0.4.0\",\"name\":\"n\",\"type\":\"tt\",\"zzz\":{\"deep\":[1,2]},"
                + "\"ipam\":{\"type\":\"tt-ipam\",\"subnet\":\"10.2.0.0/24\",\"rangeStart\":\"10.2.0.10\","
                + "\"ranges\":[[{\"subnet\":\"fd00:2::/64\",\"gateway\":\"fd00:2::1\"}]],\"daemonSocket\":\"/x.sock\"}}");
        PluginConfig config = PluginConfig.parse(bytes);

        assertArrayEquals(bytes, config.bytes());
        assertEquals("[1,2]", config.raw().path("zzz").path("deep").toString());
        assertEquals(CniVersion.V0_4_0, config.cniVersion());
        IpamConfig ipam = config.requireIpam();
        assertEquals(2, ipam.ranges().size());
        assertEquals(Cidr.parse("10.2.0.0/24"), ipam.ranges().get(0).get(0).subnet());
        assertEquals(Cidr.parseAddress("10.2.0.10"), ipam.ranges().get(0).get(0).rangeStart());
        assertEquals(Cidr.parseAddress("fd00:2::1"), ipam.ranges().get(1).get(0).gateway());
        assertEquals("/x.sock", ipam.fields().optString("daemonSocket"));
        assertNull(config.prevResult());
        assertTrue(config.runtimeConfig().isEmpty());
        CniException noIpam = assertThrows(CniException.class,
                () -> PluginConfig.parse(Fixtures.bytes("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"t\"}")).requireIpam());
        assertEquals(ErrorCode.INVALID_NETWORK_CONFIG, noIpam.code());
    }

    @Test
    void aConflistSelectsTheHighestSupportedVersion() {
        NetworkConfigList list = NetworkConfigList.parse(Fixtures.bytes(DBNET));
        assertEquals(CniVersion.V1_1_0, list.cniVersion()); // 1.2.0 is newer than this layer: skipped
        assertEquals("dbnet", list.name());
        assertTrue(list.disableCheck()); // libcni accepts "true" as a string
        assertFalse(list.disableGC());
        assertEquals(List.of("bridge", "tuning", "portmap"), list.plugins().stream().map(PluginEntry::type).toList());
        assertEquals(Map.of("mac", true, "ips", false), list.plugins().get(1).capabilities());

        assertEquals(CniVersion.V0_4_0, NetworkConfigList.selectVersion("0.4.0", List.of()));
        assertEquals(CniVersion.V1_0_0, NetworkConfigList.selectVersion("0.3.1", List.of("1.0.0", "0.4.0")));
        assertEquals(ErrorCode.INCOMPATIBLE_VERSION,
                assertThrows(CniException.class, () -> NetworkConfigList.selectVersion("0.5.0", List.of())).code());
        assertEquals(ErrorCode.INVALID_NETWORK_CONFIG,
                assertThrows(CniException.class, () -> NetworkConfigList.selectVersion("v1", List.of())).code());
        assertEquals(ErrorCode.INVALID_NETWORK_CONFIG,
                assertThrows(CniException.class, () -> NetworkConfigList.selectVersion(null, List.of())).code());
    }

    @Test
    void badConflistsNameTheField() {
        assertMessage("plugins[1].type", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"a\"},{}]}");
        assertMessage("plugins: is empty", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[]}");
        assertMessage("name", "{\"cniVersion\":\"1.0.0\",\"name\":\"a/b\",\"plugins\":[{\"type\":\"a\"}]}");
        assertMessage("plugins[0].capabilities.mac",
                "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"a\",\"capabilities\":{\"mac\":1}}]}");
        assertMessage("disableGC", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"disableGC\":\"maybe\",\"plugins\":[{\"type\":\"a\"}]}");
        assertMessage("loadOnlyInlinedPlugins", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"loadOnlyInlinedPlugins\":true}");
    }

    private static void assertMessage(String expected, String conflist) {
        CniException e = assertThrows(CniException.class, () -> NetworkConfigList.parse(Fixtures.bytes(conflist)));
        assertEquals(ErrorCode.INVALID_NETWORK_CONFIG, e.code());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void theRequestConfigIsDerivedAsSection3Says() {
        NetworkConfigList list = NetworkConfigList.parse(Fixtures.bytes(DBNET));
        Map<String, JsonNode> caps = Map.of(
                "mac", Fixtures.json("{\"v\":\"00:11:22:33:44:66\"}").get("v"),
                "ips", Fixtures.json("{\"v\":[\"10.1.0.9/16\"]}").get("v"),
                "portMappings", Fixtures.json("{\"v\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}").get("v"));
        ObjectNode prev = Fixtures.sampleResult().toJson(list.cniVersion());

        ObjectNode bridge = list.plugins().get(0).attachmentConfig(list.name(), list.cniVersion(), caps, null);
        ObjectNode tuning = list.plugins().get(1).attachmentConfig(list.name(), list.cniVersion(), caps, prev);
        ObjectNode portmap = list.plugins().get(2).attachmentConfig(list.name(), list.cniVersion(), caps, prev);

        // cniVersion and name inserted; plugin fields passed through unchanged; no runtimeConfig when no capability matches
        assertEquals(Fixtures.json("""
            {"cniVersion":"1.1.0","name":"dbnet","type":"bridge","bridge":"cni0",
             "keyA":["some more","plugin specific","configuration"],
             "ipam":{"type":"host-local","subnet":"10.1.0.0/16","gateway":"10.1.0.1","routes":[{"dst":"0.0.0.0/0"}]},
             "dns":{"nameservers":["10.1.0.1"]}}"""), bridge);
        // capabilities stripped; only enabled capabilities provided by the runtime; cni.dev/ keys and a configured prevResult dropped
        assertEquals(Fixtures.json("{\"mac\":\"00:11:22:33:44:66\"}"), tuning.get("runtimeConfig"));
        assertFalse(tuning.has("capabilities"));
        assertFalse(tuning.has("cni.dev/stale"));
        assertEquals(prev, tuning.get("prevResult"));
        assertEquals("500", tuning.path("sysctl").path("net.core.somaxconn").asText());
        // a derived runtimeConfig replaces a configured one
        assertEquals(Fixtures.json("{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}"),
                portmap.get("runtimeConfig"));
        // without capability args the configured runtimeConfig stays, as libcni does
        assertEquals(Fixtures.json("{\"configured\":1}"),
                list.plugins().get(2).attachmentConfig("dbnet", CniVersion.V1_1_0, Map.of(), null).get("runtimeConfig"));

        ObjectNode gc = list.plugins().get(1).gcConfig("dbnet", CniVersion.V1_1_0, List.of(new GcAttachment("c1", "eth0")));
        assertEquals("[{\"containerID\":\"c1\",\"ifname\":\"eth0\"}]", gc.get("cni.dev/valid-attachments").toString());
        assertEquals(gc.get("cni.dev/valid-attachments"), gc.get("cni.dev/attachments"));
        assertFalse(gc.has("prevResult"));
        assertFalse(list.plugins().get(1).statusConfig("dbnet", CniVersion.V1_1_0).has("capabilities"));
        // and the derived config is a valid request config for the plugin side
        assertEquals(Fixtures.sampleResult(), PluginConfig.parse(Json.bytes(tuning)).prevResult());
    }

    @Test
    void loadAppendsPluginsFromTheSiblingDirectory() throws Exception {
        Path file = dir.resolve("10-net.conflist");
        Files.writeString(file, "{\"cniVersion\":\"1.0.0\",\"name\":\"net\",\"plugins\":[{\"type\":\"a\"}]}");
        Files.createDirectory(dir.resolve("net"));
        Files.writeString(dir.resolve("net/20-c.conf"), "{\"type\":\"c\"}");
        Files.writeString(dir.resolve("net/10-b.conf"), "{\"type\":\"b\"}");
        Files.writeString(dir.resolve("net/ignored.json"), "{\"type\":\"x\"}");
        Files.writeString(dir.resolve("20-other.conflist"),
                "{\"cniVersion\":\"1.0.0\",\"name\":\"other\",\"loadOnlyInlinedPlugins\":true,\"plugins\":[{\"type\":\"z\"}]}");

        NetworkConfigList net = NetworkConfigList.find(dir, "net").orElseThrow();
        assertEquals(List.of("a", "b", "c"), net.plugins().stream().map(PluginEntry::type).toList());
        assertEquals(List.of("z"), NetworkConfigList.find(dir, "other").orElseThrow().plugins().stream()
                .map(PluginEntry::type).toList());
        assertTrue(NetworkConfigList.find(dir, "none").isEmpty());

        Files.writeString(dir.resolve("30-single.conf"),
                "{\"cniVersion\":\"0.4.0\",\"name\":\"single\",\"type\":\"bridge\",\"bridge\":\"tt0\"}");
        NetworkConfigList single = NetworkConfigList.find(dir, "single").orElseThrow();
        assertEquals(CniVersion.V0_4_0, single.cniVersion());
        assertEquals(List.of("bridge"), single.plugins().stream().map(PluginEntry::type).toList());
        assertEquals("tt0", single.plugins().get(0).attachmentConfig("single", single.cniVersion(), Map.of(), null)
                .path("bridge").asText());
        CniException unreadable = assertThrows(CniException.class, () -> NetworkConfigList.load(dir.resolve("missing")));
        assertEquals(ErrorCode.IO_FAILURE, unreadable.code());
    }

    @Test
    void versionLabelsCompareAsSemver() {
        assertTrue(CniVersion.compareLabels("1.10.0", "1.9.0") > 0);
        assertEquals(0, CniVersion.compareLabels("1.0", "1.0.0"));
        assertTrue(CniVersion.V1_0_0.atLeast(CniVersion.V0_4_0));
        assertFalse(CniVersion.V0_3_1.atLeast(CniVersion.V0_4_0));
        assertThrows(IllegalArgumentException.class, () -> CniVersion.compareLabels("1.0.0.0", "1.0.0"));
    }
}
