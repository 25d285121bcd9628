package dev.tether.cni;

import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.skel.PluginMain;
import dev.tether.cni.skel.PluginRunner;
import dev.tether.cni.spec.CniError;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Json;
import dev.tether.natives.netns.NetNs;

/**
 * {@code tether-plugin <type>}: runs the Tether plugin of that type for this process's CNI call.
 * The host namespace is the process's own; plugins are looked up in {@link PluginRegistry#standard()}.
 */
public final class PluginLauncher {
    private PluginLauncher() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: tether-plugin <type>   (types: "
                    + String.join(", ", PluginRegistry.standard().types()) + ")");
            System.exit(2);
        }
        PluginRegistry registry = PluginRegistry.standard();
        PluginMain.run(handler(registry, args[0], () -> PluginContext.withRegistry(NetNs.current(), registry)));
    }

    /**
     * The handler of a type; an unknown type answers every call with an error object. The context
     * is made only when the type is known (so that nothing native is loaded for a typo).
     */
    public static PluginHandler handler(PluginRegistry registry, String type, java.util.function.Supplier<PluginContext> context) {
        if (!registry.types().contains(type)) {
            return invocation -> unknownType(registry, type);
        }
        return registry.handler(type, context.get()).orElseThrow();
    }

    private static Outcome unknownType(PluginRegistry registry, String type) {
        CniError error = new CniError(ErrorCode.INTERNAL, "no Tether plugin of type \"" + type + "\"",
                "known types: " + String.join(", ", registry.types()));
        return new Outcome(PluginRunner.ERROR_EXIT, Json.bytes(error.toJson(CniVersion.CURRENT)), null);
    }
}
