package dev.tether.cni.skel;

import java.util.Map;

/**
 * One call of a plugin: its environment and the bytes on its stdin. The same value whether the
 * plugin runs as an exec'd process or inside the daemon.
 */
public record Invocation(Map<String, String> env, byte[] stdin) {
    public Invocation {
        env = Map.copyOf(env);
        stdin = stdin == null ? new byte[0] : stdin;
    }
}
