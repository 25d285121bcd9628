package dev.tether.ipam.daemon;

import java.nio.file.Path;
import java.util.Map;

/**
 * The daemon's socket path: the {@code daemonSocket} config key (or {@code tether daemon
 * --socket}) if given, else env {@code TETHER_SOCKET}, else {@code /run/tether/tether.sock}.
 */
public final class DaemonSocket {
    public static final String ENV_SOCKET = "TETHER_SOCKET";
    public static final Path DEFAULT = Path.of("/run/tether/tether.sock");

    private DaemonSocket() {
    }

    /** @param configured the config key or option, or null */
    public static Path resolve(String configured, Map<String, String> env) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String fromEnv = env.get(ENV_SOCKET);
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : DEFAULT;
    }
}
