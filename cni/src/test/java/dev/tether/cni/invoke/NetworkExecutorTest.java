package dev.tether.cni.invoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.skel.PluginRunner;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniError;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.GcAttachment;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.Result;
import dev.tether.cni.spec.VersionInfo;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.RecordingPlugin;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conflist executor with in-process plugins: ordering, prevResult, runtimeConfig, cache, GC, STATUS. */
class NetworkExecutorTest {
    @TempDir
    Path dir;
    private Path netns;
    private Path cacheDir;
    private final List<String> order = new ArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        netns = Fixtures.fakeNetns(dir);
        cacheDir = dir.resolve("cache");
    }

    /** A plugin that logs "type:COMMAND" in call order and adds one address to the result it got. */
    private RecordingPlugin plugin(String type, int octet) {
        return new RecordingPlugin(type, request -> {
            order.add(type + ":" + request.command());
            request.stderr().println(type + " ran " + request.command());
            Result prev = request.prevResult() == null ? Result.EMPTY : request.prevResult();
            List<Result.IpConfig> ips = new ArrayList<>(prev.ips());
            ips.add(new Result.IpConfig(Cidr.parse("10.0.0." + octet + "/24"), null, null));
            return prev.withIps(ips);
        });
    }

    private NetworkExecutor executor(RecordingPlugin... plugins) {
        InProcessRegistry registry = InProcessRegistry.empty();
        for (RecordingPlugin p : plugins) {
            registry = registry.with(p.about().substring("test plugin ".length()), new PluginRunner(p));
        }
        return new NetworkExecutor(new PluginInvoker(registry), List.of(dir.resolve("no-bin")),
                new ResultCache(cacheDir), Map.of("PATH", "/usr/bin"), stderr);
    }

    private static NetworkConfigList list(String version, String extra) {
        return NetworkConfigList.parse(Fixtures.bytes("{\"cniVersion\":\"" + version + "\",\"name\":\"ttnet\"" + extra
                + ",\"plugins\":[{\"type\":\"tt-a\",\"keep\":\"me\"},"
                + "{\"type\":\"tt-b\",\"capabilities\":{\"portMappings\":true,\"mac\":false}},"
                + "{\"type\":\"tt-c\",\"capabilities\":{\"mac\":true}}]}"));
    }

    private Attachment attachment(String containerId) {
        JsonNode ports = Fixtures.json("{\"v\":[{\"hostPort\":8080,\"containerPort\":80}]}").get("v");
        JsonNode mac = Fixtures.json("{\"v\":\"0a:00:00:00:00:09\"}").get("v");
        return new Attachment(containerId, netns.toString(), "eth0", CniArgs.parse("IgnoreUnknown=1;POD=web"),
                Map.of("portMappings", ports, "mac", mac, "bandwidth", ports));
    }

    @Test
    void addRunsInOrderThreadingPrevResultAndDerivingRuntimeConfig() {
        RecordingPlugin a = plugin("tt-a", 1);
        RecordingPlugin b = plugin("tt-b", 2);
        RecordingPlugin c = plugin("tt-c", 3);
        NetworkConfigList list = list("1.1.0", "");

        Result result = executor(a, b, c).add(list, attachment("ctr-1"));

        assertEquals(List.of("tt-a:ADD", "tt-b:ADD", "tt-c:ADD"), order);
        assertEquals(3, result.ips().size());
        assertNull(a.requests().get(0).prevResult(), "the first plugin gets no prevResult");
        assertEquals(1, b.requests().get(0).prevResult().ips().size());
        assertEquals(2, c.requests().get(0).prevResult().ips().size());

        CniRequest seenByA = a.requests().get(0);
        assertEquals("ttnet", seenByA.config().name());
        assertEquals("me", seenByA.config().raw().path("keep").asText());
        assertFalse(seenByA.config().raw().has("runtimeConfig"), "no capability of tt-a matches");
        assertEquals(Fixtures.json("{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80}]}"),
                b.requests().get(0).config().runtimeConfig(), "only enabled capabilities the runtime provides");
        assertEquals(Fixtures.json("{\"mac\":\"0a:00:00:00:00:09\"}"), c.requests().get(0).config().runtimeConfig());
        assertFalse(c.requests().get(0).config().raw().has("capabilities"));

        Map<String, String> env = seenByA.env().raw();
        assertEquals("ctr-1", env.get("CNI_CONTAINERID"));
        assertEquals(netns.toString(), env.get("CNI_NETNS"));
        assertEquals("eth0", env.get("CNI_IFNAME"));
        assertEquals("IgnoreUnknown=1;POD=web", env.get("CNI_ARGS"));
        assertEquals(dir.resolve("no-bin").toString(), env.get("CNI_PATH"));
        assertEquals("/usr/bin", env.get("PATH"));
        assertTrue(stderr.toString().contains("tt-b ran ADD"), "plugin stderr is relayed");
    }

    @Test
    void addCachesTheFinalResultInLibcnisFormat() throws Exception {
        NetworkConfigList list = list("1.1.0", "");
        Result result = executor(plugin("tt-a", 1), plugin("tt-b", 2), plugin("tt-c", 3)).add(list, attachment("ctr-1"));

        Path file = cacheDir.resolve("results/ttnet-ctr-1-eth0");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        ObjectNode cached = Json.parseObject(Files.readAllBytes(file), "cache");
        assertEquals(List.of("kind", "containerId", "config", "ifName", "networkName", "netns", "cniArgs",
                "capabilityArgs", "result"), names(cached));
        assertEquals("cniCacheV1", cached.path("kind").asText());
        assertEquals("ctr-1", cached.path("containerId").asText());
        assertArrayEquals(list.bytes(), Base64.getDecoder().decode(cached.path("config").asText()));
        assertEquals("eth0", cached.path("ifName").asText());
        assertEquals("ttnet", cached.path("networkName").asText());
        assertEquals(netns.toString(), cached.path("netns").asText());
        assertEquals("[[\"IgnoreUnknown\",\"1\"],[\"POD\",\"web\"]]", cached.path("cniArgs").toString());
        assertEquals(8080, cached.path("capabilityArgs").path("portMappings").path(0).path("hostPort").asInt());
        assertEquals("1.1.0", cached.path("result").path("cniVersion").asText());
        assertEquals(result, Result.fromJson((ObjectNode) cached.get("result"), list.cniVersion()));
    }

    @Test
    void delRunsInReverseWithTheCachedResultAndDropsTheCache() {
        RecordingPlugin a = plugin("tt-a", 1);
        RecordingPlugin b = plugin("tt-b", 2);
        RecordingPlugin c = plugin("tt-c", 3);
        NetworkExecutor executor = executor(a, b, c);
        NetworkConfigList list = list("1.0.0", "");
        Result added = executor.add(list, attachment("ctr-1"));
        order.clear();

        executor.del(list, attachment("ctr-1"));

        assertEquals(List.of("tt-c:DEL", "tt-b:DEL", "tt-a:DEL"), order);
        for (RecordingPlugin p : List.of(a, b, c)) {
            assertEquals(added, p.requests(CniCommand.DEL).get(0).prevResult(), "every DEL gets the final ADD result");
        }
        assertTrue(executor.cachedResult(list, attachment("ctr-1")).isEmpty());
        executor.del(list, attachment("ctr-1")); // a repeated DEL runs without prevResult
        assertNull(a.requests(CniCommand.DEL).get(1).prevResult());
    }

    @Test
    void delBefore040PassesNoPrevResult() {
        RecordingPlugin a = plugin("tt-a", 1);
        NetworkExecutor executor = executor(a, plugin("tt-b", 2), plugin("tt-c", 3));
        NetworkConfigList list = list("0.3.1", "");
        executor.add(list, attachment("ctr-1"));
        executor.del(list, attachment("ctr-1"));
        assertNull(a.requests(CniCommand.DEL).get(0).prevResult());
    }

    @Test
    void aFailingAddStopsTheChainKeepsTheCodeAndCachesNothing() {
        RecordingPlugin b = new RecordingPlugin("tt-b", r -> {
            throw new CniException(7, "bridge name taken", "tt-br0 is a veth");
        });
        RecordingPlugin c = plugin("tt-c", 3);
        NetworkExecutor executor = executor(plugin("tt-a", 1), b, c);

        CniException e = assertThrows(CniException.class, () -> executor.add(list("1.1.0", ""), attachment("ctr-1")));
        assertEquals(7, e.code());
        assertEquals("plugin type=\"tt-b\" failed (add): bridge name taken", e.getMessage());
        assertEquals("tt-br0 is a veth", e.details());
        assertTrue(c.requests().isEmpty());
        assertFalse(Files.exists(cacheDir.resolve("results/ttnet-ctr-1-eth0")));
    }

    @Test
    void aFailingDelKeepsTheCacheForARetry() {
        boolean[] fail = {true};
        RecordingPlugin b = new RecordingPlugin("tt-b", r -> {
            if (r.command() == CniCommand.DEL && fail[0]) {
                throw new CniException(11, "busy");
            }
            return r.prevResult();
        });
        RecordingPlugin a = plugin("tt-a", 1);
        NetworkExecutor executor = executor(a, b, plugin("tt-c", 3));
        NetworkConfigList list = list("1.1.0", "");
        Result added = executor.add(list, attachment("ctr-1"));

        CniException e = assertThrows(CniException.class, () -> executor.del(list, attachment("ctr-1")));
        assertEquals(11, e.code());
        assertTrue(a.requests(CniCommand.DEL).isEmpty(), "DEL stops at the failing plugin");
        assertEquals(added, executor.cachedResult(list, attachment("ctr-1")).orElseThrow());
        fail[0] = false;
        executor.del(list, attachment("ctr-1"));
        assertEquals(added, a.requests(CniCommand.DEL).get(0).prevResult());
    }

    @Test
    void checkUsesTheCachedResultAndHonoursDisableCheckAndVersion() {
        RecordingPlugin a = plugin("tt-a", 1);
        NetworkExecutor executor = executor(a, plugin("tt-b", 2), plugin("tt-c", 3));
        NetworkConfigList list = list("1.0.0", "");
        Result added = executor.add(list, attachment("ctr-1"));
        order.clear();

        executor.check(list, attachment("ctr-1"));
        assertEquals(List.of("tt-a:CHECK", "tt-b:CHECK", "tt-c:CHECK"), order);
        assertEquals(added, a.requests(CniCommand.CHECK).get(0).prevResult());

        order.clear();
        executor.check(list("1.0.0", ",\"disableCheck\":true"), attachment("ctr-1"));
        assertEquals(List.of(), order);
        CniException old = assertThrows(CniException.class, () -> executor.check(list("0.3.1", ""), attachment("ctr-1")));
        assertEquals(1, old.code());
    }

    @Test
    void gcDeletesStaleAttachmentsOfThisNetworkThenGcsEveryPluginCollectingErrors() {
        RecordingPlugin a = plugin("tt-a", 1);
        RecordingPlugin b = new RecordingPlugin("tt-b", r -> {
            order.add("tt-b:" + r.command());
            if (r.command() == CniCommand.GC) {
                throw new CniException(5, "cannot read store");
            }
            return r.prevResult() == null ? Result.EMPTY : r.prevResult();
        });
        RecordingPlugin c = plugin("tt-c", 3);
        NetworkExecutor executor = executor(a, b, c);
        NetworkConfigList list = list("1.1.0", "");
        executor.add(list, attachment("ctr-keep"));
        executor.add(list, attachment("ctr-stale"));
        // an attachment of another network in the same cache must be left alone
        executor.cache().put(new ResultCache.Entry("othernet", "ctr-x", "eth0", null, null, null, new byte[0],
                Result.EMPTY.toJson(list.cniVersion())));
        order.clear();

        List<CniError> errors = executor.gc(list, List.of(new GcAttachment("ctr-keep", "eth0")));

        assertEquals(List.of("tt-c:DEL", "tt-b:DEL", "tt-a:DEL", "tt-a:GC", "tt-b:GC", "tt-c:GC"), order);
        assertEquals("ctr-stale", a.requests(CniCommand.DEL).get(0).containerId());
        assertEquals(1, errors.size());
        assertEquals(5, errors.get(0).code());
        assertEquals("failed to GC plugin tt-b: cannot read store", errors.get(0).msg());
        assertEquals(List.of(new GcAttachment("ctr-keep", "eth0")), c.requests(CniCommand.GC).get(0).validAttachments());
        assertTrue(executor.cache().get("ttnet", "ctr-stale", "eth0").isEmpty());
        assertTrue(executor.cache().get("ttnet", "ctr-keep", "eth0").isPresent());
        assertTrue(executor.cache().get("othernet", "ctr-x", "eth0").isPresent());

        order.clear();
        assertEquals(List.of(), executor.gc(list("1.1.0", ",\"disableGC\":true"), List.of()));
        assertEquals(List.of(), order);
    }

    @Test
    void gcBefore110OnlyDeletesStaleAttachments() {
        NetworkExecutor executor = executor(plugin("tt-a", 1), plugin("tt-b", 2), plugin("tt-c", 3));
        NetworkConfigList list = list("1.0.0", "");
        executor.add(list, attachment("ctr-stale"));
        order.clear();
        assertEquals(List.of(), executor.gc(list, List.of()));
        assertEquals(List.of("tt-c:DEL", "tt-b:DEL", "tt-a:DEL"), order);
    }

    @Test
    void statusStopsAtTheFirstFailureWithItsCode() {
        RecordingPlugin b = new RecordingPlugin("tt-b", r -> {
            order.add("tt-b:" + r.command());
            throw new CniException(50, "daemon not running", "/run/tether/tether.sock: connection refused");
        });
        NetworkExecutor executor = executor(plugin("tt-a", 1), b, plugin("tt-c", 3));

        CniException e = assertThrows(CniException.class, () -> executor.status(list("1.1.0", "")));
        assertEquals(50, e.code());
        assertEquals(List.of("tt-a:STATUS", "tt-b:STATUS"), order);
        order.clear();
        executor.status(list("1.0.0", ""));
        assertEquals(List.of(), order, "STATUS is not sent before 1.1.0");
    }

    @Test
    void invalidAttachmentsAreRejectedBeforeAnyPluginRuns() {
        NetworkExecutor executor = executor(plugin("tt-a", 1), plugin("tt-b", 2), plugin("tt-c", 3));
        CniException e = assertThrows(CniException.class, () -> executor.add(list("1.1.0", ""),
                Attachment.of("ctr-1", netns.toString(), "eth0:bad")));
        assertEquals(4, e.code());
        assertTrue(e.getMessage().startsWith("CNI_IFNAME"));
        assertEquals(List.of(), order);
    }

    @Test
    void versionInfoAsksThePlugin() {
        VersionInfo info = executor(plugin("tt-a", 1)).versionInfo("tt-a");
        assertEquals("1.1.0", info.cniVersion());
        assertTrue(info.supportedVersions().contains("0.3.1"));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
