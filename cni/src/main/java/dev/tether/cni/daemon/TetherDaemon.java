package dev.tether.cni.daemon;

import dev.tether.cni.dns.DnsService;
import dev.tether.cni.dns.DnsSettings;
import dev.tether.cni.network.ConfigDir;
import dev.tether.cni.invoke.ResultCache;
import dev.tether.cni.network.FirewallRepair;
import dev.tether.cni.network.PortRepair;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running tether daemon: the socket server with {@link DaemonHandlers#all} — every plugin of
 * the standard registry, warm, with the daemon's own namespace as host — on one shared store
 * access, whose data directory's store is opened (and locked) at start so that a bad data
 * directory fails the start, not the first call. Given the CNI config directory, it restores at
 * start the firewall rules of every network that has containers; given libcni's result cache, the
 * published ports of the attachments still alive. Given DNS settings, it serves
 * the DNS of the networks ({@link DnsService}), told after every call, from the first one on,
 * what may have changed.
 * {@link #close()} stops serving (letting calls in flight finish), then the DNS, then closes the
 * stores.
 */
public final class TetherDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TetherDaemon.class);

    private final DaemonServer server;
    private final SharedStoreAccess stores;
    private final NetNs host;
    private final PluginContext context;
    private final Path dataDir;
    private final AtomicReference<DnsService> dns;

    private TetherDaemon(DaemonServer server, SharedStoreAccess stores, NetNs host, PluginContext context, Path dataDir,
                         AtomicReference<DnsService> dns) {
        this.server = server;
        this.stores = stores;
        this.host = host;
        this.context = context;
        this.dataDir = dataDir;
        this.dns = dns;
    }

    /** Claims the socket, starts serving and opens the data directory's store; no firewall repair, no DNS. */
    public static TetherDaemon start(Path socket, Path dataDir) throws IOException, IpamException {
        return start(socket, dataDir, null, null, null);
    }

    /** As {@link #start(Path, Path, Path, Path, Path, DnsSettings)} without port repair and DNS. */
    public static TetherDaemon start(Path socket, Path dataDir, Path configDir, Path hostNetns) throws IOException, IpamException {
        return start(socket, dataDir, configDir, null, hostNetns, null);
    }

    /** As {@link #start(Path, Path, Path, Path, Path, DnsSettings)} without port repair. */
    public static TetherDaemon start(Path socket, Path dataDir, Path configDir, Path hostNetns, DnsSettings dnsSettings)
            throws IOException, IpamException {
        return start(socket, dataDir, configDir, null, hostNetns, dnsSettings);
    }

    /**
     * Claims the socket, starts serving and opens the data directory's store; then, when a config
     * directory is given, puts back the firewall rules of its networks that have containers, and
     * when a result cache is given, the published ports of the live attachments it lists (the
     * host may have flushed them while no ADD ran).
     *
     * @param configDir the CNI config directory, or null for no repair of the networks' rules
     * @param cacheDir libcni's result cache directory, or null for no repair of published ports
     * @param hostNetns the namespace the plugins act in as the host, or null for the daemon's own
     * @param dnsSettings the DNS service's settings, or null to serve no DNS
     * @throws dev.tether.ipam.daemon.DaemonAlreadyRunningException another daemon owns the socket
     * @throws IOException the socket cannot be created
     * @throws IpamException the store cannot be opened
     */
    public static TetherDaemon start(Path socket, Path dataDir, Path configDir, Path cacheDir, Path hostNetns,
                                     DnsSettings dnsSettings) throws IOException, IpamException {
        // The daemon's own namespace is the host of every plugin it runs: captured on this
        // thread now, not on whichever pool thread first needs it.
        NetNs host = hostNetns == null ? NetNs.current() : NetNs.open(hostNetns);
        SharedStoreAccess stores = new SharedStoreAccess(StoreOptions.defaults());
        PluginRegistry registry = PluginRegistry.standard();
        PluginContext context = PluginContext.withRegistry(() -> host, registry, stores);
        AtomicReference<DnsService> dns = new AtomicReference<>();
        DaemonServer server;
        try {
            Map<String, DaemonHandler> handlers = new LinkedHashMap<>(DaemonHandlers.all(registry, context, dataDir));
            if (dnsSettings != null) {
                // The DNS exists before the socket accepts a call: a call served while the daemon
                // is still starting (a client sees the socket up and calls at once) must bring its
                // network's listener up before it is answered too, like any later call.
                dns.set(DnsService.create(dnsSettings, host, stores, dataDir));
                handlers.replaceAll(dns.get()::watching);
            }
            server = DaemonServer.start(DaemonConfig.defaults(socket), handlers);
        } catch (IOException | RuntimeException e) {
            DnsService service = dns.get();
            if (service != null) {
                service.close();
            }
            context.close();
            host.close();
            stores.close();
            throw e;
        }
        TetherDaemon daemon = new TetherDaemon(server, stores, host, context, dataDir, dns);
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
        if (cacheDir != null) {
            daemon.repairPorts(cacheDir);
        }
        if (dns.get() != null) {
            try {
                dns.get().start();
            } catch (RuntimeException e) {
                daemon.close();
                throw e;
            }
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

    private void repairPorts(Path cacheDir) {
        try {
            PortRepair.Report report = PortRepair.run(new ResultCache(cacheDir), context, dataDir,
                    (dir, key) -> stores.withStore(dir, store -> store.read(tx -> tx.lease(key).isPresent())));
            report.restored().forEach(restored -> LOG.info("published ports restored for {}", restored));
            report.problems().forEach(problem -> LOG.warn("restoring published ports: {}", problem));
        } catch (RuntimeException e) {
            LOG.warn("cannot restore the published ports of the attachments in {}: {}", cacheDir, e.getMessage());
        }
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
            host.close();
            stores.close();
        }
    }
}
