package dev.tether.cni;

import dev.tether.cni.daemon.DaemonForwarding;
import dev.tether.cni.invoke.InProcessRegistry;
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
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.StoreOptions;
import dev.tether.natives.netns.NetNs;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code tether-plugin <type>}: runs the Tether plugin of that type for this process's CNI call —
 * handed to the tether daemon when one answers on the call's socket, else in this process, with
 * the process's own namespace as the host and the store opened per call. Plugins are looked up
 * in {@link PluginRegistry#standard()}.
 */
public final class PluginLauncher {
    private PluginLauncher() {}

    /**
     * {@code tether-plugin <type>} runs one call; {@code tether-plugin --no-daemon=SOCKET <type>}
     * runs it here without asking a daemon when the call's socket is SOCKET (the C forwarder that
     * execs it found none there: asking again would cost this JVM ~20 ms of start-up);
     * {@code tether-plugin --types} lists the types, one a line.
     */
    public static void main(String[] args) {
        boolean tried = args.length == 2 && args[0].startsWith(NO_DAEMON) && args[0].length() > NO_DAEMON.length();
        if (tried) {
            BackgroundPreload.start(args[1]); // the forwarder found no daemon: this JVM runs the call
        }
        PluginRegistry registry = PluginRegistry.standard();
        if (args.length == 1 && args[0].equals("--types")) {
            registry.types().forEach(System.out::println);
            return;
        }
        String type = args.length == 0 ? "-" : args[args.length - 1];
        if (args.length != (tried ? 2 : 1) || type.startsWith("-")) {
            System.err.println("usage: tether-plugin [" + NO_DAEMON + "SOCKET] <type>   (types: "
                    + String.join(", ", registry.types()) + ")");
            System.exit(2);
        }
        PluginMain.run(tried ? afterForwarder(registry, type, Path.of(args[0].substring(NO_DAEMON.length())))
                : forwarding(registry, type));
    }

    private static final String NO_DAEMON = "--no-daemon=";

    /** What the executable of a type runs for one call: the daemon's answer, else its own. */
    public static PluginHandler forwarding(PluginRegistry registry, String type) {
        return forwarding(registry, type, standaloneContext(registry));
    }

    /**
     * What {@code tether-plugin --no-daemon=SOCKET <type>} runs for one call: the plugin in this
     * process when the call's socket is {@code triedSocket}, else the daemon's answer if one comes.
     */
    public static PluginHandler afterForwarder(PluginRegistry registry, String type, Path triedSocket) {
        return forwarding(registry, type, standaloneContext(registry), Optional.of(triedSocket));
    }

    /** The context of a call run in this process: its own namespace as the host, the store opened per call. */
    private static Supplier<PluginContext> standaloneContext(PluginRegistry registry) {
        return () -> PluginContext.withRegistry(NetNs::current, registry, new EmbeddedStoreAccess(StoreOptions.defaults()));
    }

    /**
     * The handler of a type in any process but the daemon: handed to the daemon when one answers
     * on the call's socket, else run on the context (asked for on the first call run here).
     */
    public static PluginHandler forwarding(PluginRegistry registry, String type, Supplier<PluginContext> context) {
        return forwarding(registry, type, context, Optional.empty());
    }

    private static PluginHandler forwarding(PluginRegistry registry, String type, Supplier<PluginContext> context,
                                            Optional<Path> triedSocket) {
        if (!registry.types().contains(type)) {
            return invocation -> unknownType(registry, type);
        }
        return new DaemonForwarding(type, () -> handler(registry, type, context), triedSocket);
    }

    /**
     * Every type of the registry that way, for a runtime that calls Tether's plugins in its own
     * JVM ({@code tether network connect}): the daemon holds the store's lock while it runs, so
     * a call run here would only queue behind it.
     */
    public static InProcessRegistry forwardingRegistry(PluginRegistry registry, Supplier<PluginContext> context) {
        InProcessRegistry out = InProcessRegistry.empty();
        for (String type : registry.types()) {
            out = out.with(type, forwarding(registry, type, context));
        }
        return out;
    }

    /**
     * The handler of a type; an unknown type answers every call with an error object. The context
     * is made only when the type is known (so that nothing native is loaded for a typo).
     */
    public static PluginHandler handler(PluginRegistry registry, String type, Supplier<PluginContext> context) {
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
