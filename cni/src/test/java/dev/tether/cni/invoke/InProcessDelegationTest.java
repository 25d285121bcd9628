package dev.tether.cni.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginRunner;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.DelegatingPlugin;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.RecordingPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delegation to an in-process IPAM plugin through the registry: same environment and bytes, no
 * exec (CNI_PATH points at an empty directory), stderr relayed, errors passed on unchanged, and a
 * failed delegate ADD cleaned up with DEL.
 */
class InProcessDelegationTest {
    private static final String CONFIG = "{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"type\":\"tt-main\",\"custom\":42,"
            + "\"ipam\":{\"type\":\"tt-ipam\",\"subnet\":\"10.7.0.0/24\",\"anything\":{\"kept\":true}}}";

    @TempDir
    Path dir;
    private Path netns;
    private Path emptyPath;

    @BeforeEach
    void setUp() throws Exception {
        netns = Fixtures.fakeNetns(dir);
        emptyPath = Files.createDirectory(dir.resolve("bin"));
    }

    private Outcome call(RecordingPlugin ipam, String command) {
        InProcessRegistry registry = InProcessRegistry.empty().with("tt-ipam", new PluginRunner(ipam));
        PluginRunner main = new PluginRunner(new DelegatingPlugin(new Delegate(new PluginInvoker(registry))));
        Map<String, String> env = Fixtures.env(command, netns);
        env.put("CNI_PATH", emptyPath.toString());
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web");
        env.put("SOME_OTHER_VAR", "inherited");
        return main.handle(new Invocation(env, Fixtures.bytes(CONFIG)));
    }

    private static RecordingPlugin ipamAllocating(String address) {
        return new RecordingPlugin("tt-ipam", r -> {
            r.stderr().println("tt-ipam: " + r.command() + " for " + r.containerId());
            return new Result(List.of(), List.of(new Result.IpConfig(Cidr.parse(address), Cidr.parseAddress("10.7.0.1"), null)),
                    List.of(), null);
        });
    }

    @Test
    void addDelegatesInProcessWithTheSameEnvironmentAndConfig() {
        RecordingPlugin ipam = ipamAllocating("10.7.0.9/24");
        Outcome outcome = call(ipam, "ADD");

        assertEquals(0, outcome.exitCode(), outcome::toString);
        Result result = Result.fromBytes(outcome.stdout(), dev.tether.cni.spec.CniVersion.V1_0_0);
        assertEquals("10.7.0.9/24", result.ips().get(0).address().toString());
        assertEquals(0, result.ips().get(0).interfaceIndex());
        assertEquals(netns.toString(), result.interfaces().get(0).sandbox());

        var seen = ipam.requests().get(0);
        assertEquals(CniCommand.ADD, seen.command());
        assertEquals("ctr-1", seen.containerId());
        assertEquals("web", seen.args().get("K8S_POD_NAME").orElseThrow());
        assertEquals("inherited", seen.env().raw().get("SOME_OTHER_VAR"));
        assertEquals(CONFIG, new String(seen.config().bytes(), java.nio.charset.StandardCharsets.UTF_8),
                "the delegate gets exactly the bytes the main plugin got");
        assertEquals(true, seen.config().ipam().raw().path("anything").path("kept").asBoolean());
        assertTrue(outcome.stderrText().contains("tt-ipam: ADD for ctr-1"), "delegate stderr is relayed");
    }

    @Test
    void everyCommandIsDelegated() {
        RecordingPlugin ipam = ipamAllocating("10.7.0.9/24");
        for (String command : List.of("CHECK", "DEL")) {
            assertEquals(0, call(ipam, command).exitCode());
        }
        assertEquals(List.of(CniCommand.CHECK, CniCommand.DEL), ipam.requests().stream().map(r -> r.command()).toList());
    }

    @Test
    void theDelegatesErrorIsPassedOnUnchangedAndItsAddIsUndone() {
        RecordingPlugin ipam = new RecordingPlugin("tt-ipam", r -> {
            if (r.command() == CniCommand.ADD) {
                throw new CniException(11, "pool locked", "retry in a moment");
            }
            return null;
        });
        Outcome outcome = call(ipam, "ADD");

        ObjectNode error = Fixtures.stdoutJson(outcome);
        assertEquals(1, outcome.exitCode());
        assertEquals(11, error.path("code").asInt());
        assertEquals("pool locked", error.path("msg").asText());
        assertEquals("retry in a moment", error.path("details").asText());
        assertEquals("1.0.0", error.path("cniVersion").asText());
        assertEquals(List.of(CniCommand.ADD, CniCommand.DEL), ipam.requests().stream().map(r -> r.command()).toList(),
                "a failed delegate ADD is followed by DEL");
    }

    @Test
    void aTypeNeitherInTheRegistryNorInCniPathIsAClearError() {
        PluginRunner main = new PluginRunner(new DelegatingPlugin(new Delegate(PluginInvoker.execOnly())));
        Map<String, String> env = Fixtures.env("ADD", netns);
        env.put("CNI_PATH", emptyPath.toString());
        Outcome outcome = main.handle(new Invocation(env, Fixtures.bytes(CONFIG)));

        ObjectNode error = Fixtures.stdoutJson(outcome);
        assertEquals(7, error.path("code").asInt());
        assertTrue(error.path("msg").asText().contains("\"tt-ipam\""), error.toString());
        assertTrue(error.path("msg").asText().contains("CNI_PATH [" + emptyPath + "]"), error.toString());

        env.remove("CNI_PATH");
        ObjectNode noPath = Fixtures.stdoutJson(main.handle(new Invocation(env, Fixtures.bytes(CONFIG))));
        assertEquals(4, noPath.path("code").asInt());
        assertTrue(noPath.path("msg").asText().startsWith("CNI_PATH"), noPath.toString());
    }
}
