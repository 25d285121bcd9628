package dev.tether.cni.network;

import dev.tether.cni.PluginLauncher;
import dev.tether.cni.firewall.TetherFirewall;
import dev.tether.cni.invoke.NetworkExecutor;
import dev.tether.cni.invoke.PluginInvoker;
import dev.tether.cni.invoke.ResultCache;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.ipam.daemon.DaemonSocket;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.StoreLocation;
import dev.tether.ipam.store.StoreOptions;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.netns.NetNs;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the network commands act on, opened on first use and closed together: the config
 * directory, the result cache, the IPAM leases, the host namespace (the process's own unless
 * {@code hostNetns} names another) with its firewall, and a runtime (a {@link NetworkExecutor})
 * that runs a network's plugins as containerd or podman would: Tether's plugin types through the
 * tether daemon when one answers, else in this JVM with the host namespace; other types by exec
 * from the CNI path.
 */
public final class NetworkEnvironment implements AutoCloseable {
    public static final List<Path> DEFAULT_CNI_PATH = List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"));

    /**
     * Where the commands act.
     *
     * @param dataDir the IPAM data directory, null for the default (TETHER_DATA_DIR, else the daemon's)
     * @param socket the daemon's socket, null for the default (TETHER_SOCKET, else /run/tether/tether.sock)
     * @param hostNetns the host's namespace, null for this process's
     * @param processEnv the process's environment: TETHER_* and PATH are passed on to plugins
     */
    public record Settings(Path configDir, Path cacheDir, List<Path> cniPath, Path dataDir, Path socket, Path hostNetns,
                           Map<String, String> processEnv) {
        public Settings {
            cniPath = List.copyOf(cniPath);
            processEnv = Map.copyOf(processEnv);
        }
    }

    private final Settings settings;
    private final PluginRegistry registry;
    private NetNs hostNs;
    private Namespace host;
    private PluginContext context;

    public NetworkEnvironment(Settings settings, PluginRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    public ConfigDir configDir() {
        return new ConfigDir(settings.configDir());
    }

    public ResultCache cache() {
        return new ResultCache(settings.cacheDir());
    }

    public Leases leases() {
        return new Leases(socket(), settings.dataDir(), tetherEnv());
    }

    /** The containers of every network, from the store and the cache. */
    public Endpoints endpoints() {
        return Endpoints.of(leases().all(), cache().list(null));
    }

    /** The host namespace with a netlink socket in it. */
    public synchronized Namespace host() {
        if (host == null) {
            host = Namespace.of(hostNs());
        }
        return host;
    }

    public TetherFirewall firewall() {
        return new TetherFirewall(hostNs());
    }

    /**
     * A runtime for the network's plugins; their stderr goes to {@code stderr}. The environment
     * they get: PATH, the process's TETHER_* variables and the data directory and socket chosen here.
     */
    public NetworkExecutor executor(OutputStream stderr) {
        PluginInvoker invoker = new PluginInvoker(PluginLauncher.forwardingRegistry(registry, this::context));
        Map<String, String> env = new HashMap<>(tetherEnv());
        String path = settings.processEnv().get("PATH");
        env.put("PATH", path != null ? path : "/usr/sbin:/usr/bin:/sbin:/bin");
        return new NetworkExecutor(invoker, settings.cniPath(), cache(), env, stderr);
    }

    /** The context Tether's plugins run on here when no daemon answers; made on the first such call. */
    private synchronized PluginContext context() {
        if (context == null) {
            context = PluginContext.withRegistry(this::hostNs, registry, new EmbeddedStoreAccess(StoreOptions.defaults()));
        }
        return context;
    }

    private synchronized NetNs hostNs() {
        if (hostNs == null) {
            try {
                hostNs = settings.hostNetns() == null ? NetNs.current() : NetNs.open(settings.hostNetns());
            } catch (IllegalArgumentException | NativeException e) {
                throw new NetworkException("cannot open the host namespace " + settings.hostNetns() + ": " + e.getMessage()
                        + " (check --host-netns or TETHER_HOST_NETNS)", e);
            }
        }
        return hostNs;
    }

    private Path socket() {
        return settings.socket() != null ? settings.socket() : DaemonSocket.resolve(null, settings.processEnv());
    }

    /** The TETHER_* variables of the process, with the data directory and socket chosen here. */
    private Map<String, String> tetherEnv() {
        Map<String, String> env = new HashMap<>(Leases.tetherVariables(settings.processEnv()));
        if (settings.dataDir() != null) {
            env.put(StoreLocation.ENV_DATA_DIR, settings.dataDir().toString());
        }
        env.put(DaemonSocket.ENV_SOCKET, socket().toString());
        return env;
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
        }
        if (host != null) {
            host.close();
        }
        if (hostNs != null) {
            hostNs.close();
        }
    }
}
