package dev.tether.cni.invoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result cache reads what libcni writes (and its legacy layout) and writes what libcni reads. */
class ResultCacheTest {
    private static final String CONFLIST = "{\"cniVersion\":\"0.4.0\",\"name\":\"podman\",\"plugins\":[{\"type\":\"bridge\"}]}";

    @TempDir
    Path dir;

    /** An entry as libcni's json.Marshal writes it (Go sorts the keys of maps). */
    private String libcniEntry() {
        return "{\"kind\":\"cniCacheV1\",\"containerId\":\"c0ffee\",\"config\":\""
                + Base64.getEncoder().encodeToString(CONFLIST.getBytes(StandardCharsets.UTF_8))
                + "\",\"ifName\":\"eth0\",\"networkName\":\"podman\",\"netns\":\"/run/netns/cni-1234\","
                + "\"cniArgs\":[[\"IgnoreUnknown\",\"1\"],[\"K8S_POD_NAME\",\"web\"]],"
                + "\"capabilityArgs\":{\"portMappings\":[{\"containerPort\":80,\"hostPort\":8080,\"protocol\":\"tcp\"}]},"
                + "\"result\":{\"cniVersion\":\"0.4.0\",\"dns\":{},\"interfaces\":[{\"mac\":\"0a:58:0a:58:00:01\",\"name\":\"cni-podman0\"},"
                + "{\"mac\":\"0a:58:0a:58:00:05\",\"name\":\"eth0\",\"sandbox\":\"/run/netns/cni-1234\"}],"
                + "\"ips\":[{\"address\":\"10.88.0.5/16\",\"gateway\":\"10.88.0.1\",\"interface\":1,\"version\":\"4\"}],"
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}";
    }

    private Path write(String name, String content) throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        return Files.writeString(results.resolve(name), content);
    }

    @Test
    void readsAnEntryLibcniWrote() throws Exception {
        write("podman-c0ffee-eth0", libcniEntry());
        ResultCache cache = new ResultCache(dir);

        ResultCache.Entry entry = cache.get("podman", "c0ffee", "eth0").orElseThrow();
        assertEquals("/run/netns/cni-1234", entry.netns());
        assertEquals("web", entry.cniArgs().get("K8S_POD_NAME").orElseThrow());
        assertEquals(8080, entry.capabilityArgs().get("portMappings").path(0).path("hostPort").asInt());
        assertArrayEquals(CONFLIST.getBytes(StandardCharsets.UTF_8), entry.config());

        NetworkConfigList list = NetworkConfigList.parse(entry.config());
        NetworkExecutor executor = new NetworkExecutor(PluginInvoker.execOnly(), List.of(), cache, Map.of(), System.err);
        Result result = executor.cachedResult(list, Attachment.of("c0ffee", null, "eth0")).orElseThrow();
        assertEquals(Cidr.parse("10.88.0.5/16"), result.ips().get(0).address());
        assertEquals(1, result.ips().get(0).interfaceIndex());
        assertEquals(List.of("c0ffee"), cache.list(null).stream().map(ResultCache.Entry::containerId).toList());
        assertEquals(List.of(), cache.list("other"));
    }

    @Test
    void whatWeWriteLibcniWouldReadBackIdentically() throws Exception {
        write("podman-c0ffee-eth0", libcniEntry());
        ResultCache cache = new ResultCache(dir);
        ResultCache.Entry entry = cache.get("podman", "c0ffee", "eth0").orElseThrow();
        cache.put(new ResultCache.Entry("podman", "c0ffee", "eth1", entry.netns(), entry.cniArgs(),
                entry.capabilityArgs(), entry.config(), entry.result()));

        var original = Fixtures.json(libcniEntry());
        var ours = Fixtures.json(Files.readString(dir.resolve("results/podman-c0ffee-eth1")));
        original.put("ifName", "eth1");
        assertEquals(original, ours);
    }

    @Test
    void legacyAndBrokenFiles() throws Exception {
        write("podman-old-eth0", "{\"cniVersion\":\"0.3.1\",\"ips\":[{\"version\":\"4\",\"address\":\"10.88.0.9/16\"}]}");
        write("podman-bad-eth0", "{not json");
        ResultCache cache = new ResultCache(dir);

        ResultCache.Entry legacy = cache.get("podman", "old", "eth0").orElseThrow();
        assertNull(legacy.netns());
        assertEquals("0.3.1", legacy.result().path("cniVersion").asText());
        assertEquals(6, assertThrows(CniException.class, () -> cache.get("podman", "bad", "eth0")).code());
        assertEquals(List.of(), cache.list(null), "libcni lists only cniCacheV1 entries");
        assertTrue(cache.get("podman", "none", "eth0").isEmpty());
        cache.delete("podman", "none", "eth0"); // deleting nothing is fine
        assertEquals(4, assertThrows(CniException.class, () -> cache.fileFor("podman", "a/b", "eth0")).code());
    }
}
