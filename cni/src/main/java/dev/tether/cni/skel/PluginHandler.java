package dev.tether.cni.skel;

/**
 * A plugin as a pure function of one call: (environment, stdin) to (exit code, stdout, stderr).
 * {@link PluginRunner} is the implementation for {@link CniPlugin}s; the in-process registry and
 * the daemon dispatch to handlers of this shape.
 */
@FunctionalInterface
public interface PluginHandler {
    Outcome handle(Invocation invocation);
}
