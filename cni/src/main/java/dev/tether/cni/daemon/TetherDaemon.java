package dev.tether.cni.daemon;

import dev.tether.cni.network.ConfigDir;
import dev.tether.cni.network.FirewallRepair;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.daemon.DaemonConfig;
import dev.tether.ipam.daemon.DaemonServer;
import dev.tether.ipam.store.SharedStoreAccess;
import dev.tether.ipam.store.StoreOptions;
import dev.tether.natives.netns.NetNs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tether daemon: the socket server with {@link DaemonHandlers#all} — every plugin of
 * the standard registry, warm, with the daemon's own namespace as host — on one shared store
 * access, whose data directory's store is opened (and locked) at start so that a bad data
 * directory fails the start, not the first call. Given the CNI config directory, it restores at
 * start the firewall rules of every network that has containers. {@link #close()} stops serving
 * (letting calls in flight finish), then closes the stores.
 */
public final class TetherDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TetherDaemon.class);

    private final DaemonServer server;
    private final SharedStoreAccess stores;
    private final NetNs host;
    private final PluginContext context;
    private final Path dataDir;

    private TetherDaemon(DaemonServer server, SharedStoreAccess stores, NetNs host, PluginContext context, Path dataDir) {
        this.server = server;
        this.stores = stores;
        this.host = host;
        this.context = context;
        this.dataDir = dataDir;
    }

    /** Claims the socket, starts serving and opens the data directory's store; no firewall repair. */
    public static TetherDaemon start(Path socket, Path dataDir) throws IOException, IpamException {
        return start(socket, dataDir, null, null);
    }

    /**
     * Claims the socket, starts serving and opens the data directory's store; then, when a config
     * directory is given, puts back the firewall rules of its networks that have containers (the
     * host may have flushed them while no ADD ran).
     *
     * @param configDir the CNI config directory, or null for no repair
     * @param hostNetns the namespace the plugins act in as the host, or null for the daemon's own
     * @throws dev.tether.ipam.daemon.DaemonAlreadyRunningException another daemon owns the socket
     * @throws IOException the socket cannot be created
     * @throws IpamException the store cannot be opened
     */
    public static TetherDaemon start(Path socket, Path dataDir, Path configDir, Path hostNetns) throws IOException, IpamException {
        // The daemon's own namespace is the host of every plugin it runs: captured on this
        // thread now, not on whichever pool thread first needs it.
        NetNs host = hostNetns == null ? NetNs.current() : NetNs.open(hostNetns);
        SharedStoreAccess stores = new SharedStoreAccess(StoreOptions.defaults());
        PluginRegistry registry = PluginRegistry.standard();
        PluginContext context = PluginContext.withRegistry(() -> host, registry, stores);
        DaemonServer server;
        try {
            server = DaemonServer.start(DaemonConfig.defaults(socket), DaemonHandlers.all(registry, context, dataDir));
        } catch (IOException | RuntimeException e) {
            context.close();
            host.close();
            stores.close();
            throw e;
        }
        TetherDaemon daemon = new TetherDaemon(server, stores, host, context, dataDir);
        Set<String> withContainers;
        try {
            withContainers = stores.withStore(dataDir, store -> {
                LOG.info("IPAM store {} open; it serves calls that name no data directory", store.file());
                // Lease keys only (no lease records decoded): the networks where a container holds an address.
                return configDir == null ? Set.<String>of() : store.read(tx -> tx.networks().stream()
                        .filter(network -> tx.leaseKeys(network).stream().anyMatch(key -> !key.isReservation()))
                        .collect(Collectors.toSet()));
            });
        } catch (IpamException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        if (configDir != null) {
            daemon.repairFirewall(configDir, withContainers);
        }
        return daemon;
    }

    private void repairFirewall(Path configDir, Set<String> withContainers) {
        try {
            FirewallRepair.Report report = FirewallRepair.run(new ConfigDir(configDir), context.firewall(), withContainers);
            if (!report.ensured().isEmpty()) {
                LOG.info("firewall rules in place for the networks with containers: {}", report.ensured());
            }
            report.problems().forEach(problem -> LOG.warn("cannot restore firewall rules: {}", problem));
        } catch (RuntimeException e) {
            LOG.warn("cannot restore the firewall rules of {}: {}", configDir, e.getMessage());
        }
    }

    public Path socket() {
        return server.socket();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStop() {
        server.awaitStop();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            context.close();
            host.close();
            stores.close();
        }
    }
}
