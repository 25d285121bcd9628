package dev.tether.cni.cli;

import dev.tether.cni.network.NetworkEnvironment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where every {@code tether network} command acts: config directory, cache, CNI path, store, daemon, host namespace. */
final class NetworkOptions {
    static final String ENV_HOST_NETNS = "TETHER_HOST_NETNS";

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "/etc/cni/net.d",
            description = "CNI configuration directory (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = "--cache-dir", paramLabel = "DIR", defaultValue = "/var/lib/cni",
            description = "libcni's result cache directory, shared with the runtimes (default: ${DEFAULT-VALUE}).")
    Path cacheDir;

    @Option(names = "--cni-path", paramLabel = "DIRS",
            description = "Where plugins other than Tether's are found, ':'-separated (default: $CNI_PATH, else"
                    + " /opt/cni/bin:/usr/lib/cni).")
    String cniPath;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the IPAM store (default: $TETHER_DATA_DIR, else the daemon's, else /var/lib/tether).")
    Path dataDir;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The tether daemon's socket (default: $TETHER_SOCKET, else /run/tether/tether.sock); Tether's"
                    + " plugins and queries go through the daemon when it answers there.")
    Path socket;

    @Option(names = "--host-netns", paramLabel = "PATH",
            description = "Network namespace of the host, where bridges and rules live (default: $" + ENV_HOST_NETNS
                    + ", else this process's). A daemon answering on the socket acts in its own namespace.")
    Path hostNetns;

    NetworkEnvironment.Settings settings(Map<String, String> env) {
        String path = cniPath != null ? cniPath : env.get("CNI_PATH");
        List<Path> dirs = path == null || path.isBlank() ? NetworkEnvironment.DEFAULT_CNI_PATH
                : Arrays.stream(path.split(":")).filter(s -> !s.isBlank()).map(Path::of).toList();
        String envNetns = env.get(ENV_HOST_NETNS);
        Path netns = hostNetns != null ? hostNetns : envNetns == null || envNetns.isBlank() ? null : Path.of(envNetns);
        return new NetworkEnvironment.Settings(configDir, cacheDir, dirs, dataDir, socket, netns, env);
    }
}
