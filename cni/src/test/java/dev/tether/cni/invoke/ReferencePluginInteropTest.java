package dev.tether.cni.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginRunner;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.DelegatingPlugin;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.RecordingPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with the reference Go plugins in /usr/lib/cni: host-local needs no namespace (a temp
 * file stands in for CNI_NETNS) and bandwidth without limits passes prevResult through, so both
 * run here without touching the host's network.
 */
class ReferencePluginInteropTest {
    private static final Path HOST_LOCAL = Fixtures.REFERENCE_PLUGINS.resolve("host-local");

    @TempDir
    Path dir;
    private Path netns;
    private Path dataDir;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(HOST_LOCAL), "the reference plugins (containernetworking-plugins) are not installed");
        netns = Fixtures.fakeNetns(dir);
        dataDir = dir.resolve("host-local");
    }

    private String ipam() {
        return "{\"type\":\"host-local\",\"dataDir\":\"" + dataDir + "\","
                + "\"ranges\":[[{\"subnet\":\"10.77.0.0/24\"}],[{\"subnet\":\"fd00:77::/64\"}]],"
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"::/0\"}]}";
    }

    private String config(String version, String type) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"ttnet\",\"type\":\"" + type + "\",\"ipam\":" + ipam() + "}";
    }

    private Map<String, String> env(String command, String containerId) {
        Map<String, String> env = Fixtures.env(command, netns);
        env.put("CNI_CONTAINERID", containerId);
        return env;
    }

    private Outcome execHostLocal(Map<String, String> env, String config) {
        return PluginInvoker.execOnly().invoke("host-local", List.of(Fixtures.REFERENCE_PLUGINS), env, Fixtures.bytes(config));
    }

    /** The files host-local keeps per reserved address, named by the address. */
    private List<String> reserved() throws Exception {
        Path net = dataDir.resolve("ttnet");
        if (!Files.isDirectory(net)) {
            return List.of();
        }
        try (var files = Files.list(net)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f.:]+")).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.2.0", "0.3.1", "0.4.0", "1.0.0"})
    void hostLocalResultsParseAndRoundTrip(String version) {
        Outcome outcome = execHostLocal(env("ADD", "ctr-" + version.replace('.', '-')), config(version, "host-local"));
        assertEquals(0, outcome.exitCode(), outcome::toString);

        CniVersion v = CniVersion.find(version).orElseThrow();
        ObjectNode wire = Fixtures.stdoutJson(outcome);
        Result result = Result.fromJson(wire, v);
        assertEquals(2, result.ips().size());
        assertTrue(Cidr.parse("10.77.0.0/24").contains(result.ips().get(0).address().address()));
        assertEquals(Cidr.parseAddress("10.77.0.1"), result.ips().get(0).gateway());
        assertTrue(Cidr.parse("fd00:77::/64").contains(result.ips().get(1).address().address()));
        assertEquals(List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")), result.routes().stream().map(r -> r.dst()).toList());
        wire.remove("dns"); // the reference prints an empty "dns": {}, which carries nothing
        assertEquals(wire, result.toJson(v), "writing it back in its version gives the reference's JSON");
    }

    @Test
    void ourDelegationDrivesHostLocalThroughAddCheckDel() throws Exception {
        PluginRunner main = new PluginRunner(new DelegatingPlugin(new Delegate(PluginInvoker.execOnly())));
        String config = config("1.0.0", "tt-main");

        Outcome add = main.handle(new Invocation(env("ADD", "ctr-del"), Fixtures.bytes(config)));
        assertEquals(0, add.exitCode(), add::toString);
        Result result = Result.fromBytes(add.stdout(), CniVersion.V1_0_0);
        String v4 = Cidr.format(result.ips().get(0).address().address());
        assertEquals(List.of(Cidr.format(result.ips().get(1).address().address()), v4).stream().sorted().toList(), reserved());
        assertEquals("ctr-del", Files.readString(dataDir.resolve("ttnet").resolve(v4)).lines().findFirst().orElseThrow());

        Outcome check = main.handle(new Invocation(env("CHECK", "ctr-del"), Fixtures.bytes(config)));
        assertEquals(0, check.exitCode(), check::toString);
        Outcome checkOther = main.handle(new Invocation(env("CHECK", "ctr-unknown"), Fixtures.bytes(config)));
        assertEquals(999, Fixtures.stdoutJson(checkOther).path("code").asInt(), "host-local's own error is passed on");
        assertTrue(Fixtures.stdoutJson(checkOther).path("msg").asText().contains("ctr-unknown"));

        Outcome del = main.handle(new Invocation(env("DEL", "ctr-del"), Fixtures.bytes(config)));
        assertEquals(0, del.exitCode(), del::toString);
        assertEquals(List.of(), reserved(), "DEL released both addresses");
        Outcome delAgain = main.handle(new Invocation(env("DEL", "ctr-del"), Fixtures.bytes(config)));
        assertEquals(0, delAgain.exitCode(), "a second DEL succeeds");
    }

    @Test
    void hostLocalErrorsArePassedOnExactly() {
        String bad = "{\"cniVersion\":\"1.0.0\",\"name\":\"ttnet\",\"type\":\"tt-main\",\"ipam\":{\"type\":\"host-local\","
                + "\"dataDir\":\"" + dataDir + "\",\"ranges\":[[{\"subnet\":\"10.77.0.0/24\",\"rangeStart\":\"10.99.0.5\"}]]}}";
        ObjectNode direct = Fixtures.stdoutJson(execHostLocal(env("ADD", "ctr-bad"), bad));
        PluginRunner main = new PluginRunner(new DelegatingPlugin(new Delegate(PluginInvoker.execOnly())));
        ObjectNode delegated = Fixtures.stdoutJson(main.handle(new Invocation(env("ADD", "ctr-bad"), Fixtures.bytes(bad))));

        assertTrue(direct.path("code").asInt() != 0, direct.toString());
        assertEquals(direct.path("code"), delegated.path("code"));
        assertEquals(direct.path("msg"), delegated.path("msg"));
        assertEquals(direct.path("details").asText(""), delegated.path("details").asText(""));
    }

    @Test
    void aLegacyVersionDelegationWorksEndToEnd() throws Exception {
        PluginRunner main = new PluginRunner(new DelegatingPlugin(new Delegate(PluginInvoker.execOnly())));
        Outcome add = main.handle(new Invocation(env("ADD", "ctr-old"), Fixtures.bytes(config("0.2.0", "tt-main"))));
        assertEquals(0, add.exitCode(), add::toString);
        ObjectNode out = Fixtures.stdoutJson(add);
        assertEquals("0.2.0", out.path("cniVersion").asText());
        assertTrue(out.path("ip4").path("ip").asText().startsWith("10.77.0."));
        assertTrue(out.path("ip6").path("ip").asText().startsWith("fd00:77::"));
        main.handle(new Invocation(env("DEL", "ctr-old"), Fixtures.bytes(config("0.2.0", "tt-main"))));
        assertEquals(List.of(), reserved());
    }

    @Test
    void ourVersionAnswerHasTheReferenceShape() {
        Map<String, String> env = Map.of("CNI_COMMAND", "VERSION");
        ObjectNode reference = Fixtures.stdoutJson(execHostLocal(env, "{\"cniVersion\":\"1.0.0\"}"));
        Outcome ours = new PluginRunner(RecordingPlugin.passingThrough("tt", Result.EMPTY))
                .handle(new Invocation(env, Fixtures.bytes("{\"cniVersion\":\"1.0.0\"}")));
        ObjectNode mine = Fixtures.stdoutJson(ours);

        assertEquals(names(reference), names(mine));
        assertEquals(reference.path("cniVersion"), mine.path("cniVersion"));
        List<String> theirs = new ArrayList<>();
        reference.path("supportedVersions").forEach(v -> theirs.add(v.asText()));
        List<String> ourVersions = new ArrayList<>();
        mine.path("supportedVersions").forEach(v -> ourVersions.add(v.asText()));
        assertTrue(ourVersions.containsAll(theirs), ourVersions + " should include " + theirs);
        assertTrue(ourVersions.contains("1.1.0"));
        // and libcni's reader of VERSION answers accepts both
        assertEquals(theirs, dev.tether.cni.spec.VersionInfo.fromBytes(Json.bytes(reference)).supportedVersions());
    }

    @Test
    void aConflistOfReferencePluginsThreadsPrevResultAndCaches() throws Exception {
        ResultCache cache = new ResultCache(dir.resolve("cache"));
        NetworkExecutor executor = new NetworkExecutor(PluginInvoker.execOnly(), List.of(Fixtures.REFERENCE_PLUGINS),
                cache, Map.of(), System.err);
        var list = dev.tether.cni.spec.NetworkConfigList.parse(Fixtures.bytes(
                "{\"cniVersion\":\"1.0.0\",\"name\":\"ttnet\",\"plugins\":[" + "{\"type\":\"host-local\",\"ipam\":" + ipam()
                        + "},{\"type\":\"bandwidth\",\"capabilities\":{\"bandwidth\":true}}]}"));
        Attachment attachment = Attachment.of("ctr-list", netns.toString(), "eth0");

        Result result = executor.add(list, attachment);
        assertEquals(2, result.ips().size(), "bandwidth returned host-local's result it got as prevResult");
        assertEquals(2, reserved().size());
        assertEquals(result, executor.cachedResult(list, attachment).orElseThrow());

        executor.del(list, attachment);
        assertEquals(List.of(), reserved());
        assertTrue(cache.get("ttnet", "ctr-list", "eth0").isEmpty(), "DEL drops the cache entry");
    }

    @Test
    void checkAndVersionThroughTheExecutor() throws Exception {
        NetworkExecutor executor = new NetworkExecutor(PluginInvoker.execOnly(), List.of(Fixtures.REFERENCE_PLUGINS),
                new ResultCache(dir.resolve("cache")), Map.of(), System.err);
        var list = dev.tether.cni.spec.NetworkConfigList.parse(Fixtures.bytes(
                "{\"cniVersion\":\"0.4.0\",\"name\":\"ttnet\",\"plugins\":[{\"type\":\"host-local\",\"ipam\":" + ipam() + "}]}"));
        Attachment attachment = Attachment.of("ctr-check", netns.toString(), "eth0");

        executor.add(list, attachment);
        executor.check(list, attachment); // host-local finds its reservation for the container
        executor.del(list, attachment);
        dev.tether.cni.spec.CniException gone = org.junit.jupiter.api.Assertions.assertThrows(
                dev.tether.cni.spec.CniException.class, () -> executor.check(list, attachment));
        assertTrue(gone.getMessage().startsWith("plugin type=\"host-local\" failed (check): "), gone.getMessage());

        var info = executor.versionInfo("bandwidth");
        assertTrue(info.supportedVersions().containsAll(List.of("0.3.0", "0.4.0", "1.0.0")), info.toString());
    }

    @Test
    void aMixedConflistRunsInProcessAndExecdPluginsTogether() throws Exception {
        RecordingPlugin last = RecordingPlugin.passingThrough("tt-last", Result.EMPTY);
        InProcessRegistry registry = InProcessRegistry.empty()
                .with("tt-main", new PluginRunner(new DelegatingPlugin(new Delegate(PluginInvoker.execOnly()))))
                .with("tt-last", new PluginRunner(last));
        NetworkExecutor executor = new NetworkExecutor(new PluginInvoker(registry), List.of(Fixtures.REFERENCE_PLUGINS),
                new ResultCache(dir.resolve("cache")), Map.of(), System.err);
        var list = dev.tether.cni.spec.NetworkConfigList.parse(Fixtures.bytes(
                "{\"cniVersion\":\"1.0.0\",\"name\":\"ttnet\",\"plugins\":[{\"type\":\"tt-main\",\"ipam\":" + ipam()
                        + "},{\"type\":\"bandwidth\"},{\"type\":\"tt-last\"}]}"));
        Attachment attachment = Attachment.of("ctr-mixed", netns.toString(), "eth0");

        Result result = executor.add(list, attachment);
        Result seenByLast = last.requests().get(0).prevResult();
        assertEquals(result, seenByLast, "tt-main's result went through the exec'd bandwidth into tt-last");
        assertEquals("eth0", seenByLast.interfaces().get(0).name());
        assertEquals(netns.toString(), seenByLast.interfaces().get(0).sandbox());

        executor.del(list, attachment);
        assertEquals(result, last.requests().get(1).prevResult(), "DEL gives the cached ADD result");
        assertEquals(List.of(), reserved(), "tt-main delegated DEL to host-local after bandwidth");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

}
