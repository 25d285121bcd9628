package dev.tether.cni.daemon;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tether daemon: the socket server with {@link DaemonHandlers#all} — every plugin of
 * the standard registry, warm, with the daemon's own namespace as host — on one shared store
 * access, whose data directory's store is opened (and locked) at start so that a bad data
 * directory fails the start, not the first call. {@link #close()} stops serving (letting calls in
 * flight finish), then closes the stores.
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

    /**
     * Claims the socket, starts serving and opens the data directory's store.
     *
     * @throws dev.tether.ipam.daemon.DaemonAlreadyRunningException another daemon owns the socket
     * @throws IOException the socket cannot be created
     * @throws IpamException the store cannot be opened
     */
    public static TetherDaemon start(Path socket, Path dataDir) throws IOException, IpamException {
        SharedStoreAccess stores = new SharedStoreAccess(StoreOptions.defaults());
        PluginRegistry registry = PluginRegistry.standard();
        // The daemon's own namespace is the host of every plugin it runs: captured on this
        // thread now, not on whichever pool thread first needs it.
        NetNs host = NetNs.current();
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
        try {
            stores.withStore(dataDir, store -> {
                LOG.info("IPAM store {} open; it serves calls that name no data directory", store.file());
                return null;
            });
        } catch (IpamException | RuntimeException e) {
            daemon.close();
            throw e;
        }
        return daemon;
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
