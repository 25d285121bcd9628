package dev.tether.cni.daemon;

import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.ipam.daemon.DaemonHandler;
import dev.tether.ipam.daemon.Reply;
import dev.tether.ipam.query.QueryHandler;
import dev.tether.ipam.store.StoreLocation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code tether daemon} serves, by request name: every CNI plugin Tether runs warm (by plugin
 * type) and the IPAM queries ({@code ipam-query}), all on the daemon's one store access.
 * A call that names no data directory (no {@code dataDir} key, no TETHER_DATA_DIR) uses the
 * daemon's.
 */
public final class DaemonHandlers {
    private DaemonHandlers() {}

    /** Every plugin of the registry, warm, bound to the daemon's context, by type. */
    public static Map<String, PluginHandler> plugins(PluginRegistry registry, PluginContext context) {
        Map<String, PluginHandler> plugins = new LinkedHashMap<>();
        for (String type : registry.types()) {
            plugins.put(type, registry.handler(type, context).orElseThrow());
        }
        return plugins;
    }

    /** Every handler of the daemon: the plugins and the IPAM queries. */
    public static Map<String, DaemonHandler> all(PluginRegistry registry, PluginContext context, Path dataDir) {
        Map<String, DaemonHandler> handlers = new LinkedHashMap<>();
        plugins(registry, context).forEach((type, plugin) -> handlers.put(type, withDataDir(dataDir, asDaemonHandler(plugin))));
        handlers.put(QueryHandler.NAME, withDataDir(dataDir, new QueryHandler(context.stores())));
        return handlers;
    }

    /** A plugin handler as the daemon's server calls it. */
    public static DaemonHandler asDaemonHandler(PluginHandler plugin) {
        return (env, stdin) -> {
            Outcome outcome = plugin.handle(new Invocation(env, stdin));
            return new Reply(outcome.exitCode(), outcome.stdout(), outcome.stderr());
        };
    }

    private static DaemonHandler withDataDir(Path dataDir, DaemonHandler handler) {
        return (env, stdin) -> {
            if (env.containsKey(StoreLocation.ENV_DATA_DIR)) {
                return handler.handle(env, stdin);
            }
            Map<String, String> defaulted = new HashMap<>(env);
            defaulted.put(StoreLocation.ENV_DATA_DIR, dataDir.toString());
            return handler.handle(defaulted, stdin);
        };
    }
}
