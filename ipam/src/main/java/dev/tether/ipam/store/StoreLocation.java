package dev.tether.ipam.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store lives: {@code <dataDir>/ipam.db}. The data directory is the config's
 * {@code dataDir} if set, else env {@code TETHER_DATA_DIR}, else {@code /var/lib/tether}.
 * The env map is passed in (plugin code never reads the process environment itself).
 */
public final class StoreLocation {
    public static final String ENV_DATA_DIR = "TETHER_DATA_DIR";
    public static final Path DEFAULT_DATA_DIR = Path.of("/var/lib/tether");
    public static final String FILE_NAME = "ipam.db";

    private StoreLocation() {
    }

    /** @param configDataDir the {@code ipam.dataDir} key, or null */
    public static Path dataDir(String configDataDir, Map<String, String> env) {
        if (configDataDir != null && !configDataDir.isBlank()) {
            return Path.of(configDataDir);
        }
        String fromEnv = env.get(ENV_DATA_DIR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return DEFAULT_DATA_DIR;
    }

    public static Path storeFile(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }
}
