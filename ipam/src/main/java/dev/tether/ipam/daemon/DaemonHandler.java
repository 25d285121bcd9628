package dev.tether.ipam.daemon;

import java.util.Map;

/**
 * A plugin run inside the daemon: (environment, stdin) -> (exit code, stdout, stderr), the
 * same pure function its exec'd main runs. Thrown exceptions become an error reply; they never
 * stop the daemon.
 */
@FunctionalInterface
public interface DaemonHandler {
    Reply handle(Map<String, String> env, byte[] stdin) throws Exception;
}
