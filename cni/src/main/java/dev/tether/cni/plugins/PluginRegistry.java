package dev.tether.cni.plugins;

import dev.tether.cni.invoke.InProcessRegistry;
import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.plugins.ipam.IpamPlugin;
import dev.tether.cni.plugins.portmap.PortMapPlugin;
import dev.tether.cni.skel.CniPlugin;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.skel.PluginRunner;
import dev.tether.ipam.Ipam;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tether's plugins by type: the one list the launcher ({@code tether-plugin <type>}), in-process
 * delegation and the daemon's handlers are made from. Immutable; {@link #with} adds a type.
 */
public final class PluginRegistry {
    /** Makes a plugin bound to a context. */
    @FunctionalInterface
    public interface Factory {
        CniPlugin create(PluginContext context);
    }

    private final Map<String, Factory> factories;

    private PluginRegistry(Map<String, Factory> factories) {
        this.factories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(factories));
    }

    /** The plugins Tether ships. */
    public static PluginRegistry standard() {
        Map<String, Factory> plugins = new LinkedHashMap<>();
        plugins.put(BridgePlugin.TYPE, BridgePlugin::new);
        plugins.put(IpamPlugin.TYPE, context -> new IpamPlugin(new Ipam(context.stores())));
        plugins.put(PortMapPlugin.TYPE, PortMapPlugin::new);
        return new PluginRegistry(plugins);
    }

    public PluginRegistry with(String type, Factory factory) {
        Map<String, Factory> copy = new LinkedHashMap<>(factories);
        copy.put(type, factory);
        return new PluginRegistry(copy);
    }

    public Set<String> types() {
        return factories.keySet();
    }

    public Optional<CniPlugin> create(String type, PluginContext context) {
        return Optional.ofNullable(factories.get(type)).map(factory -> factory.create(context));
    }

    /** The plugin of a type as a pure (env, stdin) handler. */
    public Optional<PluginHandler> handler(String type, PluginContext context) {
        return create(type, context).map(PluginRunner::new);
    }

    /**
     * Every type as an in-process handler; each makes its plugin on first call with the context
     * the supplier gives then (so a context can hold a registry of plugins bound to itself).
     */
    public InProcessRegistry inProcess(Supplier<PluginContext> context) {
        InProcessRegistry registry = InProcessRegistry.empty();
        for (Map.Entry<String, Factory> entry : factories.entrySet()) {
            Factory factory = entry.getValue();
            Supplier<PluginHandler> handler = Lazy.of(() -> new PluginRunner(factory.create(context.get())));
            registry = registry.with(entry.getKey(), invocation -> handler.get().handle(invocation));
        }
        return registry;
    }
}
