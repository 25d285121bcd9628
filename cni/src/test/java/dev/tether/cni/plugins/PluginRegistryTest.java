package dev.tether.cni.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.PluginLauncher;
import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.plugins.ipam.IpamPlugin;
import dev.tether.cni.plugins.portmap.PortMapPlugin;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.RecordingPlugin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry of plugin types and the launcher's dispatch, without a kernel. */
class PluginRegistryTest {

    @Test
    void theStandardRegistryServesTetherBridgeTetherIpamAndTetherPortmap() {
        assertEquals(List.of(BridgePlugin.TYPE, IpamPlugin.TYPE, PortMapPlugin.TYPE), List.copyOf(PluginRegistry.standard().types()));
        assertTrue(PluginRegistry.standard().inProcess(() -> null).find(BridgePlugin.TYPE).isPresent());
        assertTrue(PluginRegistry.standard().inProcess(() -> null).find(IpamPlugin.TYPE).isPresent(),
                "tether-bridge delegates to tether-ipam in-process");
    }

    @Test
    void theLauncherAnswersVersionAndRefusesUnknownTypesWithoutAContext() {
        PluginRegistry registry = PluginRegistry.standard().with("tt-echo", c -> RecordingPlugin.passingThrough("tt-echo", Result.EMPTY));
        AtomicInteger contexts = new AtomicInteger();
        PluginHandler unknown = PluginLauncher.handler(registry, "tt-nope", () -> {
            contexts.incrementAndGet();
            return null;
        });
        Outcome refused = unknown.handle(new Invocation(Map.of("CNI_COMMAND", "VERSION"), new byte[0]));
        assertEquals(1, refused.exitCode());
        assertTrue(Fixtures.stdoutJson(refused).path("msg").asText().contains("no Tether plugin of type \"tt-nope\""));
        assertEquals(0, contexts.get(), "nothing native is set up for a type that does not exist");

        Outcome version = PluginLauncher.handler(registry, "tt-echo", () -> null)
                .handle(new Invocation(Map.of("CNI_COMMAND", "VERSION"), Fixtures.bytes("{\"cniVersion\":\"1.0.0\"}")));
        assertEquals(0, version.exitCode(), version::toString);
        assertEquals("1.0.0", Fixtures.stdoutJson(version).path("cniVersion").asText());
    }

    @Test
    void inProcessHandlersAreMadeOnceWithTheContextOfTheirFirstCall() {
        AtomicInteger made = new AtomicInteger();
        PluginRegistry registry = PluginRegistry.standard().with("tt-count", c -> {
            made.incrementAndGet();
            return RecordingPlugin.passingThrough("tt-count", Result.EMPTY);
        });
        PluginHandler handler = registry.inProcess(() -> null).find("tt-count").orElseThrow();
        assertEquals(0, made.get(), "made on first use");
        handler.handle(new Invocation(Map.of("CNI_COMMAND", "VERSION"), new byte[0]));
        handler.handle(new Invocation(Map.of("CNI_COMMAND", "VERSION"), new byte[0]));
        assertEquals(1, made.get());
    }
}
