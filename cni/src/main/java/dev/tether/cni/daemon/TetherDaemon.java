package dev.tether.cni.daemon;

import dev.tether.cni.dns.DnsService;
import dev.tether.cni.dns.DnsSettings;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.daemon.DaemonConfig;
import dev.tether.ipam.daemon.DaemonHandler;
import dev.tether.ipam.daemon.DaemonServer;
import dev.tether.ipam.store.SharedStoreAccess;
import dev.tether.ipam.store.StoreOptions;
import dev.tether.natives.netns.NetNs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tether daemon: the socket server with {@link DaemonHandlers#all} — every plugin of
 * the standard registry, warm, with the daemon's own namespace as host — on one shared store
 * access, whose data directory's store is opened (and locked) at start so that a bad data
 * directory fails the start, not the first call; and, when given DNS settings, the DNS service
 * of the networks ({@link DnsService}), told after every call what may have changed.
 * {@link #close()} stops serving (letting calls in flight finish), then the DNS, then closes the
 * stores.
 */
public final class TetherDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TetherDaemon.class);

    private final DaemonServer server;
    private final SharedStoreAccess stores;
    private final NetNs host;
    private final boolean ownsHost;
    private final PluginContext context;
    private final Path dataDir;
    private final AtomicReference<DnsService> dns;

    private TetherDaemon(DaemonServer server, SharedStoreAccess stores, NetNs host, boolean ownsHost, PluginContext context,
                         Path dataDir, AtomicReference<DnsService> dns) {
        this.server = server;
        this.stores = stores;
        this.host = host;
        this.ownsHost = ownsHost;
        this.context = context;
        this.dataDir = dataDir;
        this.dns = dns;
    }

    /** A daemon without DNS, its host the calling thread's namespace. */
    public static TetherDaemon start(Path socket, Path dataDir) throws IOException, IpamException {
        return start(socket, dataDir, null);
    }

    /**
     * A daemon whose host is the calling thread's namespace.
     *
     * @param dnsSettings the DNS service's settings, or null to serve no DNS
     */
    public static TetherDaemon start(Path socket, Path dataDir, DnsSettings dnsSettings) throws IOException, IpamException {
        // The daemon's own namespace is the host of every plugin it runs: captured on this
        // thread now, not on whichever pool thread first needs it.
        NetNs host = NetNs.current();
        try {
            return start(socket, dataDir, host, true, dnsSettings);
        } catch (IOException | IpamException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /**
     * A daemon acting on an explicit host namespace (tests run the host side in a namespace they
     * made); the caller keeps the handle open until the daemon is closed.
     *
     * @param dnsSettings the DNS service's settings, or null to serve no DNS
     */
    public static TetherDaemon start(Path socket, Path dataDir, NetNs host, DnsSettings dnsSettings)
            throws IOException, IpamException {
        return start(socket, dataDir, host, false, dnsSettings);
    }

    /**
     * Claims the socket, starts serving, opens the data directory's store, then starts the DNS.
     *
     * @throws dev.tether.ipam.daemon.DaemonAlreadyRunningException another daemon owns the socket
     * @throws IOException the socket cannot be created
     * @throws IpamException the store cannot be opened
     */
    private static TetherDaemon start(Path socket, Path dataDir, NetNs host, boolean ownsHost, DnsSettings dnsSettings)
            throws IOException, IpamException {
        SharedStoreAccess stores = new SharedStoreAccess(StoreOptions.defaults());
        PluginRegistry registry = PluginRegistry.standard();
        PluginContext context = PluginContext.withRegistry(() -> host, registry, stores);
        AtomicReference<DnsService> dns = new AtomicReference<>();
        Map<String, DaemonHandler> handlers = new LinkedHashMap<>(DaemonHandlers.all(registry, context, dataDir));
        if (dnsSettings != null) {
            handlers.replaceAll((name, handler) -> DnsService.watching(dns::get, name, handler));
        }
        DaemonServer server;
        try {
            server = DaemonServer.start(DaemonConfig.defaults(socket), handlers);
        } catch (IOException | RuntimeException e) {
            context.close();
            stores.close();
            throw e;
        }
        TetherDaemon daemon = new TetherDaemon(server, stores, host, ownsHost, context, dataDir, dns);
        try {
            stores.withStore(dataDir, store -> {
                LOG.info("IPAM store {} open; it serves calls that name no data directory", store.file());
                return null;
            });
            if (dnsSettings != null) {
                // Watched from the moment it exists, so no call between its first reading and now is missed.
                dns.set(DnsService.create(dnsSettings, host, stores, dataDir));
                dns.get().start();
            }
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

    /** The DNS service, when the daemon serves DNS. */
    public Optional<DnsService> dns() {
        return Optional.ofNullable(dns.get());
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
            DnsService service = dns.getAndSet(null);
            if (service != null) {
                service.close();
            }
            context.close();
            if (ownsHost) {
                host.close();
            }
            stores.close();
        }
    }
}
