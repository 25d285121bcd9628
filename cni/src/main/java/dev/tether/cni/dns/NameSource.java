package dev.tether.cni.dns;

import dev.tether.ipam.IpamException;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.StoreAccess;
import dev.tether.ipam.store.StoreLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every network's {@link NetworkNames} up to date from the IPAM store, reading a network's
 * leases only when it may have changed: when the daemon served a call on it, when it first
 * appears, or when everything is marked changed (at start, after IPAM queries that may release
 * leases). The networks are the config dir's Tether networks, those of the daemon's own store,
 * and those calls through the daemon named. A store is only read where its file exists (DNS
 * never creates one). Confined to the DNS service's reconcile thread.
 */
final class NameSource {
    private static final Logger LOG = LoggerFactory.getLogger(NameSource.class);

    private final NetworkCatalog catalog;
    private final StoreAccess stores;
    private final Path daemonDataDir;
    /** Networks learned from calls and from the daemon's store, with their data dirs. */
    private final Map<String, Path> learned = new HashMap<>();
    private final Map<String, NetworkNames> names = new TreeMap<>();
    private final Set<String> dirty = new HashSet<>();
    private boolean allDirty = true;
    private String lastFailure;

    NameSource(NetworkCatalog catalog, StoreAccess stores, Path daemonDataDir) {
        this.catalog = catalog;
        this.stores = stores;
        this.daemonDataDir = daemonDataDir;
    }

    /** A call changed (or may have changed) the leases of a network in a data dir. */
    void changed(String network, Path dataDir) {
        learned.putIfAbsent(network, dataDir);
        dirty.add(network);
    }

    void changedAll() {
        allDirty = true;
    }

    /** Re-reads what may have changed; returns the names of every network now. */
    NameBook refresh() {
        boolean everything = allDirty;
        if (everything) {
            learnDaemonStoreNetworks();
        }
        Map<String, Path> networks = new LinkedHashMap<>();
        catalog.scan().forEach((name, n) -> networks.put(name, n.dataDir() != null ? n.dataDir() : daemonDataDir));
        learned.forEach(networks::putIfAbsent);
        names.keySet().retainAll(networks.keySet());
        Map<Path, List<String>> toRead = new LinkedHashMap<>();
        networks.forEach((network, dataDir) -> {
            if (everything || dirty.contains(network) || !names.containsKey(network)) {
                toRead.computeIfAbsent(dataDir, d -> new java.util.ArrayList<>()).add(network);
            }
        });
        boolean failed = false;
        for (Map.Entry<Path, List<String>> entry : toRead.entrySet()) {
            try {
                read(entry.getKey(), entry.getValue()).forEach((network, leases) -> {
                    names.put(network, NetworkNames.of(network, leases));
                    dirty.remove(network);
                });
            } catch (IpamException | RuntimeException e) {
                failed = true;
                report("cannot read the leases of " + entry.getValue() + " from " + entry.getKey() + ": " + e.getMessage());
            }
        }
        if (!failed) {
            allDirty = false;
            lastFailure = null;
        }
        return NameBook.of(names.values());
    }

    private Map<String, List<Lease>> read(Path dataDir, List<String> networks) throws IpamException {
        if (!Files.exists(StoreLocation.storeFile(dataDir))) {
            Map<String, List<Lease>> none = new HashMap<>();
            networks.forEach(n -> none.put(n, List.of()));
            return none;
        }
        return stores.withStore(dataDir, store -> store.read(tx -> {
            Map<String, List<Lease>> leases = new HashMap<>();
            networks.forEach(n -> leases.put(n, tx.leases(n)));
            return leases;
        }));
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
