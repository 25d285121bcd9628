package dev.tether.ipam;

import dev.tether.ipam.alloc.FreeAddressFinder;
import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.ipam.config.RangeSet;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.StoreAccess;
import dev.tether.ipam.store.StoreTx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The IPAM operations behind the CNI commands, on the store of a data directory.
 * Each call is one store transaction: it happens entirely or not at all.
 * Thread-safe; create one per process with the {@link StoreAccess} that fits it.
 */
public final class Ipam {
    private final StoreAccess stores;

    public Ipam(StoreAccess stores) {
        this.stores = stores;
    }

    /**
     * ADD: one address per range set, the requested ones or the next free ones; the same lease
     * again if the attachment has one.
     *
     * @throws IpamException.Exhausted          a range set has no free address
     * @throws IpamException.AddressUnavailable a requested address is taken, blocked or out of range
     */
    public Lease add(Path dataDir, NetworkDefinition network, LeaseRequest request) throws IpamException {
        checkNetwork(network, request.key());
        return stores.withStore(dataDir, store -> store.write(tx ->
                new LeaseAllocator(tx, network).allocate(request, store.options().clock().instant(),
                        store.options().bootId())));
    }

    /** DEL: releases the attachment's lease; empty (and no error) if it had none. */
    public Optional<Lease> del(Path dataDir, LeaseKey key) throws IpamException {
        return stores.withStore(dataDir, store -> store.write(tx -> tx.removeLease(key)));
    }

    /** CHECK: the attachment's lease. */
    public Lease check(Path dataDir, LeaseKey key) throws IpamException {
        Optional<Lease> lease = stores.withStore(dataDir, store -> store.read(tx -> tx.lease(key)));
        return lease.orElseThrow(() -> new IpamException.LeaseNotFound("no lease for " + key.describe()
                + " in network " + key.network()));
    }

    /** STATUS: whether every range set of the network still has a free address. */
    public IpamStatus status(Path dataDir, NetworkDefinition network) throws IpamException {
        return stores.withStore(dataDir, store -> store.read(tx -> statusOf(tx, network)));
    }

    private static IpamStatus statusOf(StoreTx tx, NetworkDefinition network) {
        List<RangeSet> sets = network.rangeSets();
        for (int i = 0; i < sets.size(); i++) {
            boolean free = new FreeAddressFinder(sets.get(i), network.exclude(), tx.takenAddresses(network.network()))
                    .next(tx.cursor(network.network(), i).orElse(null)).isPresent();
            if (!free) {
                return new IpamStatus(false, "no IP addresses available in network \"" + network.network()
                        + "\" range set " + sets.get(i));
            }
        }
        return IpamStatus.readyStatus();
    }

    /**
     * Releases every lease of {@code network} whose attachment {@code keep} does not keep, in the
     * current transaction; manual reservations stay. Shared by CNI GC and the {@code gc} query.
     */
    public static GcReport collect(StoreTx tx, String network, ValidAttachments keep) {
        List<Lease> released = new ArrayList<>();
        List<String> problems = new ArrayList<>(keep.problems());
        for (LeaseKey key : tx.leaseKeys(network)) {
            if (key.isReservation() || keep.keeps(key.containerId(), key.ifname())) {
                continue;
            }
            try {
                tx.removeLease(key).ifPresent(released::add);
            } catch (RuntimeException e) {
                problems.add("cannot release " + key.describe() + ": " + e.getMessage());
            }
        }
        return new GcReport(released, problems);
    }

    /**
     * GC: releases every lease of the network whose attachment is not kept (all of them for an
     * empty list); manual reservations stay. Carries on past problems and reports them.
     */
    public GcReport gc(Path dataDir, String network, ValidAttachments keep) throws IpamException {
        return stores.withStore(dataDir, store -> store.write(tx -> collect(tx, network, keep)));
    }

    private static void checkNetwork(NetworkDefinition network, LeaseKey key) throws IpamException.InvalidConfig {
        if (!network.network().equals(key.network())) {
            throw new IpamException.InvalidConfig("lease for network " + key.network()
                    + " requested with the configuration of network " + network.network());
        }
    }
}
