package dev.tether.cni.invoke;

import dev.tether.cni.skel.PluginHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Plugin types served inside this JVM instead of by exec: a delegate or a conflist entry of such
 * a type is called directly with the same (environment, stdin) and read the same way. Immutable;
 * {@link #with} returns a new registry.
 */
public final class InProcessRegistry {
    private static final InProcessRegistry EMPTY = new InProcessRegistry(Map.of());

    private final Map<String, PluginHandler> handlers;

    private InProcessRegistry(Map<String, PluginHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    public static InProcessRegistry empty() {
        return EMPTY;
    }

    public static InProcessRegistry of(Map<String, PluginHandler> handlers) {
        return new InProcessRegistry(handlers);
    }

    /** This registry plus one type (replacing any handler it had). */
    public InProcessRegistry with(String type, PluginHandler handler) {
        Map<String, PluginHandler> copy = new HashMap<>(handlers);
        copy.put(type, handler);
        return new InProcessRegistry(copy);
    }

    public Optional<PluginHandler> find(String type) {
        return Optional.ofNullable(handlers.get(type));
    }
}
