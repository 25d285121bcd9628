package dev.tether.cni.daemon;

import dev.tether.ipam.IpamException;
import dev.tether.ipam.daemon.DaemonConfig;
import dev.tether.ipam.daemon.DaemonServer;
import dev.tether.ipam.store.SharedStoreAccess;
import dev.tether.ipam.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tether daemon: the socket server with {@link DaemonHandlers#all} on one shared store
 * access, whose data directory's store is opened (and locked) at start so that a bad data
 * directory fails the start, not the first call. {@link #close()} stops serving (letting calls in
 * flight finish), then closes the stores.
 */
public final class TetherDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TetherDaemon.class);

    private final DaemonServer server;
    private final SharedStoreAccess stores;
    private final Path dataDir;

    private TetherDaemon(DaemonServer server, SharedStoreAccess stores, Path dataDir) {
        this.server = server;
        this.stores = stores;
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
        DaemonServer server;
        try {
            server = DaemonServer.start(DaemonConfig.defaults(socket), DaemonHandlers.all(stores, dataDir));
        } catch (IOException | RuntimeException e) {
            stores.close();
            throw e;
        }
        TetherDaemon daemon = new TetherDaemon(server, stores, dataDir);
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
            stores.close();
        }
    }
}
