package dev.tether.cni.skel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.GcAttachment;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.RecordingPlugin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The skeleton runner on valid calls: dispatch, result versions, VERSION, errors from plugins. */
class PluginRunnerTest {
    @TempDir
    Path dir;
    private Path netns;

    @BeforeEach
    void setUp() throws Exception {
        netns = Fixtures.fakeNetns(dir);
    }

    private static String config(String version, String extra) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"net1\",\"type\":\"tt-test\"" + extra + "}";
    }

    private Outcome run(CniPlugin plugin, Map<String, String> env, String stdin) {
        return new PluginRunner(plugin).handle(new Invocation(env, Fixtures.bytes(stdin)));
    }

    @ParameterizedTest
    @EnumSource(CniVersion.class)
    void addWritesTheResultInTheConfigVersion(CniVersion version) {
        RecordingPlugin plugin = RecordingPlugin.passingThrough("tt", Fixtures.sampleResult());
        Outcome outcome = run(plugin, Fixtures.env("ADD", netns), config(version.label(), ""));

        assertEquals(0, outcome.exitCode(), outcome::toString);
        ObjectNode json = Fixtures.stdoutJson(outcome);
        assertEquals(version.label(), json.path("cniVersion").asText());
        Result back = Result.fromJson(json, version);
        assertEquals(2, back.ips().size());
        switch (version.resultFormat()) {
            case IP4_IP6 -> assertEquals("10.1.0.5/16", json.path("ip4").path("ip").asText());
            case IPS_WITH_VERSION -> assertEquals("4", json.path("ips").path(0).path("version").asText());
            case CURRENT -> assertFalse(json.path("ips").path(0).has("version"));
        }
    }

    @Test
    void addGivesThePluginEverythingParsed() {
        RecordingPlugin plugin = RecordingPlugin.passingThrough("tt", Result.EMPTY);
        Map<String, String> env = Fixtures.env("ADD", netns);
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web-0;TOKEN=a=b");
        String prev = Json.string(Fixtures.sampleResult().toJson(CniVersion.V1_0_0));
        Outcome outcome = run(plugin, env, config("1.0.0",
                ",\"mtu\":1400,\"ipam\":{\"type\":\"tt-ipam\",\"subnet\":\"10.1.0.0/16\",\"custom\":[1]},"
                        + "\"runtimeConfig\":{\"mac\":\"0a:00:00:00:00:01\"},\"prevResult\":" + prev));

        assertEquals(0, outcome.exitCode(), outcome::toString);
        CniRequest request = plugin.requests().get(0);
        assertEquals(CniCommand.ADD, request.command());
        assertEquals("ctr-1", request.containerId());
        assertEquals("eth0", request.ifName());
        assertEquals(netns.toString(), request.netns());
        assertEquals(List.of(Path.of("/usr/lib/cni")), request.env().path());
        assertEquals("web-0", request.args().get("K8S_POD_NAME").orElseThrow());
        assertEquals("a=b", request.args().get("TOKEN").orElseThrow());
        assertTrue(request.args().ignoreUnknown());
        assertEquals(1400, request.config().fields().optUint("mtu"));
        assertEquals("tt-ipam", request.config().ipam().type());
        assertEquals("[1]", request.config().ipam().raw().get("custom").toString());
        assertEquals("0a:00:00:00:00:01", request.config().runtimeConfig().path("mac").asText());
        assertEquals(Fixtures.sampleResult(), request.prevResult());
        // the prevResult is passed through: the output equals it
        assertEquals(Fixtures.sampleResult(), Result.fromBytes(outcome.stdout(), CniVersion.V1_0_0));
    }

    @Test
    void delNeedsNoNetnsAndToleratesOneThatIsGone() {
        RecordingPlugin plugin = RecordingPlugin.passingThrough("tt", Result.EMPTY);
        Map<String, String> env = Fixtures.env("DEL", netns);
        env.remove("CNI_NETNS");
        Outcome withoutNetns = run(plugin, env, config("1.1.0", ""));
        env.put("CNI_NETNS", "/run/netns/tt-gone-already");
        Outcome goneNetns = run(plugin, env, config("1.1.0", ""));

        assertEquals(0, withoutNetns.exitCode(), withoutNetns::toString);
        assertEquals(0, goneNetns.exitCode(), goneNetns::toString);
        assertEquals(0, withoutNetns.stdout().length, "DEL prints nothing on success");
        assertNull(plugin.requests().get(0).netns());
        assertEquals("/run/netns/tt-gone-already", plugin.requests().get(1).netns());
    }

    @Test
    void statusNeedsOnlyTheCommand() {
        RecordingPlugin plugin = RecordingPlugin.passingThrough("tt", Result.EMPTY);
        Outcome outcome = run(plugin, Map.of("CNI_COMMAND", "STATUS"), config("1.1.0", ""));
        assertEquals(0, outcome.exitCode(), outcome::toString);
        assertEquals(CniCommand.STATUS, plugin.requests().get(0).command());
    }

    @Test
    void gcReadsValidAttachmentsFromEitherKey() {
        RecordingPlugin plugin = RecordingPlugin.passingThrough("tt", Result.EMPTY);
        Map<String, String> env = Map.of("CNI_COMMAND", "GC", "CNI_PATH", "/usr/lib/cni");
        run(plugin, env, config("1.1.0", ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\",\"ifname\":\"eth0\"}]"));
        run(plugin, env, config("1.1.0", ",\"cni.dev/attachments\":[{\"containerID\":\"c2\",\"ifname\":\"net1\"}]"));
        run(plugin, env, config("1.1.0", ""));

        assertEquals(List.of(new GcAttachment("c1", "eth0")), plugin.requests().get(0).validAttachments());
        assertEquals(List.of(new GcAttachment("c2", "net1")), plugin.requests().get(1).validAttachments());
        assertEquals(List.of(), plugin.requests().get(2).validAttachments());
    }

    @Test
    void versionNeedsNothingButTheCommandAndEchoesTheVersion() {
        RecordingPlugin plugin = RecordingPlugin.passingThrough("tt", Result.EMPTY);
        Outcome echoed = run(plugin, Map.of("CNI_COMMAND", "VERSION"), "{\"cniVersion\":\"0.4.0\"}");
        Outcome noInput = run(plugin, Map.of("CNI_COMMAND", "VERSION"), "");

        assertEquals(0, echoed.exitCode());
        ObjectNode json = Fixtures.stdoutJson(echoed);
        assertEquals("0.4.0", json.path("cniVersion").asText());
        assertEquals(CniVersion.labels(CniVersion.ALL).toString(), json.path("supportedVersions").toString()
                .replace("\"", "").replace(",", ", "));
        assertEquals("1.1.0", Fixtures.stdoutJson(noInput).path("cniVersion").asText());
        assertTrue(plugin.requests().isEmpty());
    }

    @Test
    void versionListsOnlyWhatThePluginSupports() {
        CniPlugin modern = new RecordingPlugin("tt", r -> Result.EMPTY) {
            @Override
            public Set<CniVersion> supportedVersions() {
                return Set.of(CniVersion.V1_0_0, CniVersion.V1_1_0);
            }
        };
        Outcome version = run(modern, Map.of("CNI_COMMAND", "VERSION"), "{}");
        Outcome old = run(modern, Fixtures.env("ADD", netns), config("0.4.0", ""));

        assertEquals("[\"1.0.0\",\"1.1.0\"]", Fixtures.stdoutJson(version).path("supportedVersions").toString());
        assertEquals(1, Fixtures.stdoutJson(old).path("code").asInt());
    }

    @Test
    void aPluginErrorIsPassedOnWithItsCodeAndTheConfigVersion() {
        RecordingPlugin plugin = new RecordingPlugin("tt", r -> {
            r.stderr().println("trying the lock");
            throw new CniException(11, "store busy", "another ADD holds the lock");
        });
        Outcome outcome = run(plugin, Fixtures.env("ADD", netns), config("0.4.0", ""));

        assertEquals(1, outcome.exitCode());
        ObjectNode error = Fixtures.stdoutJson(outcome);
        assertEquals("0.4.0", error.path("cniVersion").asText());
        assertEquals(11, error.path("code").asInt());
        assertEquals("store busy", error.path("msg").asText());
        assertEquals("another ADD holds the lock", error.path("details").asText());
        assertTrue(outcome.stderrText().contains("trying the lock"));
    }

    @Test
    void anUnexpectedExceptionIsAGenericErrorWithTheTraceOnlyOnStderr() {
        RecordingPlugin plugin = new RecordingPlugin("tt", r -> {
            throw new IllegalStateException("bridge tt-br0 vanished");
        });
        Outcome outcome = run(plugin, Fixtures.env("CHECK", netns), config("1.1.0", ""));

        assertEquals(1, outcome.exitCode());
        ObjectNode error = Fixtures.stdoutJson(outcome);
        assertEquals(999, error.path("code").asInt());
        assertEquals("bridge tt-br0 vanished", error.path("msg").asText());
        assertFalse(outcome.stdoutText().contains("\tat "));
        assertTrue(outcome.stderrText().contains("IllegalStateException"));
        assertTrue(outcome.stderrText().contains("\tat "));
    }

    @Test
    void aNullResultOrAnUnwritableOneIsAnError() {
        Outcome none = run(new RecordingPlugin("tt", r -> null), Fixtures.env("ADD", netns), config("1.1.0", ""));
        Outcome noIp = run(RecordingPlugin.passingThrough("tt", Result.EMPTY), Fixtures.env("ADD", netns),
                config("0.2.0", ""));

        assertEquals(999, Fixtures.stdoutJson(none).path("code").asInt());
        assertEquals(1, Fixtures.stdoutJson(noIp).path("code").asInt());
        assertTrue(Fixtures.stdoutJson(noIp).path("msg").asText().contains("0.2.0"));
    }

    @Test
    void withoutCommandTheAboutLineGoesToStderr() {
        Outcome outcome = run(RecordingPlugin.passingThrough("tt", Result.EMPTY), Map.of(), "");
        assertEquals(4, Fixtures.stdoutJson(outcome).path("code").asInt());
        assertTrue(outcome.stderrText().startsWith("test plugin tt"));
        assertTrue(outcome.stderrText().contains("1.1.0"));
    }

    @Test
    void unknownArgsAreRejectedUnlessIgnoreUnknown() {
        CniArgs strict = CniArgs.parse("K8S_POD_NAME=a;FOO=1");
        CniException e = org.junit.jupiter.api.Assertions.assertThrows(CniException.class,
                () -> strict.requireKnown(Set.of("K8S_POD_NAME")));
        assertEquals(4, e.code());
        assertTrue(e.getMessage().contains("FOO"));
        CniArgs.parse("IgnoreUnknown=true;FOO=1").requireKnown(Set.of());
        assertEquals("A=1;B=x=y", CniArgs.parse("A=1;;B=x=y;").format());
    }
}
