package dev.tether.cni.dns;

import dev.tether.ipam.IpamException;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.StoreAccess;
import dev.tether.ipam.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link NameBook} in step with the IPAM store, reading as little as it can: one
 * lease after an ADD or DEL through the daemon; a whole network after a GC or a release, when it
 * first appears or when its data dir changes; everything at start. The networks are the config dir's Tether networks, those of the daemon's
 * own store, and those calls through the daemon named. A store is only read where its file
 * exists (DNS never creates one); a failed read is retried at the next refresh. Confined to the
 * DNS service's reconcile thread.
 */
final class NameSource {
    private static final Logger LOG = LoggerFactory.getLogger(NameSource.class);

    private final NetworkCatalog catalog;
    private final StoreAccess stores;
    private final Path daemonDataDir;
    private final NameBook book;
    /** Networks learned from calls and from the daemon's store, with their data dirs. */
    private final Map<String, Path> learned = new HashMap<>();
    /** The data dir each network in the book was read from. */
    private final Map<String, Path> readFrom = new HashMap<>();
    private final Set<String> staleNetworks = new HashSet<>();
    private final Set<LeaseKey> staleLeases = new LinkedHashSet<>();
    private boolean allStale = true;
    private String lastFailure;

    NameSource(NetworkCatalog catalog, StoreAccess stores, Path daemonDataDir, NameBook book) {
        this.catalog = catalog;
        this.stores = stores;
        this.daemonDataDir = daemonDataDir;
        this.book = book;
    }

    /** An ADD or DEL through the daemon changed this attachment's lease, in this data dir. */
    void leaseChanged(LeaseKey key, Path dataDir) {
        learned.putIfAbsent(key.network(), dataDir);
        staleLeases.add(key);
    }

    /** Any lease of the network may have changed (a GC). */
    void networkChanged(String network, Path dataDir) {
        learned.putIfAbsent(network, dataDir);
        staleNetworks.add(network);
    }

    /** Reads what may have changed into the book. */
    void refresh() {
        boolean everything = allStale;
        if (everything) {
            learnDaemonStoreNetworks();
        }
        Map<String, Path> networks = new LinkedHashMap<>();
        Map<String, NetworkCatalog.Network> configured = catalog.scan();
        configured.forEach((name, n) -> networks.put(name, n.dataDir() != null ? n.dataDir() : daemonDataDir));
        learned.forEach(networks::putIfAbsent);
        book.retain(networks.keySet());
        readFrom.keySet().retainAll(networks.keySet());

        Map<Path, Reads> reads = new LinkedHashMap<>();
        networks.forEach((network, dataDir) -> {
            if (everything || staleNetworks.contains(network) || !book.holds(network) || !dataDir.equals(readFrom.get(network))) {
                reads.computeIfAbsent(dataDir, d -> new Reads()).networks.add(network);
            }
        });
        for (LeaseKey key : staleLeases) {
            Path dataDir = networks.get(key.network());
            if (dataDir != null && !reads.computeIfAbsent(dataDir, d -> new Reads()).networks.contains(key.network())) {
                reads.get(dataDir).leases.add(key);
            }
        }
        boolean failed = false;
        for (Map.Entry<Path, Reads> entry : reads.entrySet()) {
            try {
                apply(entry.getKey(), entry.getValue());
            } catch (IpamException | RuntimeException e) {
                failed = true;
                report("cannot read the leases of " + entry.getValue().describe() + " from " + entry.getKey() + ": " + e.getMessage());
            }
        }
        if (!failed) {
            allStale = false;
            lastFailure = null;
        }
        for (NetworkNames names : book.networks()) {
            NetworkCatalog.Network network = configured.get(names.network());
            names.forwardOutside(network == null || !network.internal());
        }
    }

    /** What to read from one data dir: whole networks and single leases. */
    private static final class Reads {
        final List<String> networks = new ArrayList<>();
        final List<LeaseKey> leases = new ArrayList<>();
        final Map<String, List<Lease>> networkLeases = new HashMap<>();
        final Map<LeaseKey, Optional<Lease>> singleLeases = new LinkedHashMap<>();

        String describe() {
            return networks.isEmpty() ? "network(s) " + leases.stream().map(LeaseKey::network).distinct().toList()
                    : "network(s) " + networks;
        }
    }

    private void apply(Path dataDir, Reads reads) throws IpamException {
        if (Files.exists(StoreLocation.storeFile(dataDir))) {
            stores.withStore(dataDir, store -> store.read(tx -> {
                reads.networks.forEach(n -> reads.networkLeases.put(n, tx.leases(n)));
                reads.leases.forEach(key -> reads.singleLeases.put(key, tx.lease(key)));
                return null;
            }));
        }
        for (String network : reads.networks) {
            book.open(network).replaceAll(reads.networkLeases.getOrDefault(network, List.of()));
            readFrom.put(network, dataDir);
            staleNetworks.remove(network);
            staleLeases.removeIf(key -> key.network().equals(network));
        }
        for (LeaseKey key : reads.leases) {
            Optional<Lease> lease = reads.singleLeases.getOrDefault(key, Optional.empty());
            NetworkNames names = book.open(key.network());
            lease.ifPresentOrElse(names::put, () -> names.remove(key));
            staleLeases.remove(key);
        }
    }

    private void learnDaemonStoreNetworks() {
        if (!Files.exists(StoreLocation.storeFile(daemonDataDir))) {
            return;
        }
        try {
            stores.withStore(daemonDataDir, store -> store.read(tx -> tx.networks()))
                    .forEach(network -> learned.putIfAbsent(network, daemonDataDir));
        } catch (IpamException | RuntimeException e) {
            report("cannot list the networks of " + daemonDataDir + ": " + e.getMessage());
        }
    }

    /** Logs a failure once until it changes or things work again. */
    private void report(String failure) {
        if (!failure.equals(lastFailure)) {
            LOG.warn("{} (names stay as they were; retrying)", failure);
            lastFailure = failure;
        }
    }
}
