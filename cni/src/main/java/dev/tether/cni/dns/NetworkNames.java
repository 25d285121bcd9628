package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsName;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.LeasedAddress;
import dev.tether.natives.ip.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one network's DNS listener knows, kept lease by lease: each container's addresses under
 * its name and aliases, bare and qualified with the network's name ({@code web},
 * {@code web.mynet}); the reverse name of each address ({@code web.mynet.}); the gateways the
 * containers use (where the listener belongs); and the subnets, which tell a client of the
 * network from one that reaches the listener through the host. Manual reservations are not
 * containers: they only contribute their subnet.
 *
 * <p>An ADD or DEL changes one lease, so the index is patched per lease ({@link #put},
 * {@link #remove}) rather than rebuilt. One thread writes (the DNS reconcile thread); listener
 * threads read concurrently and may see a lease half applied for an instant, which a DNS client
 * cannot tell from the moment before or after.
 */
final class NetworkNames {
    /** What one lease contributes. */
    private record Entry(Lease lease, List<DnsName> names, List<InetAddress> addresses, DnsName ptrTarget,
                         List<InetAddress> gateways, List<IpPrefix> subnets) {
        boolean isContainer() {
            return !lease.key().isReservation();
        }
    }

    private final String network;
    /** The network's name as a DNS suffix; null when it is not a valid DNS name. */
    private final DnsName domain;
    private final Map<LeaseKey, Entry> entries = new ConcurrentHashMap<>();
    private final Map<DnsName, Set<LeaseKey>> holders = new ConcurrentHashMap<>();
    private final Map<InetAddress, LeaseKey> owners = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> gateways = new ConcurrentHashMap<>();
    private final Map<IpPrefix, Integer> subnets = new ConcurrentHashMap<>();
    private volatile boolean forwardsOutside = true;

    NetworkNames(String network) {
        this.network = network;
        this.domain = nameOrNull(network, List.of());
    }

    /** An index holding these leases (names that are not valid DNS names are left out). */
    static NetworkNames of(String network, Collection<Lease> leases) {
        NetworkNames names = new NetworkNames(network);
        names.replaceAll(leases);
        return names;
    }

    /** Makes the index hold exactly these leases, touching only those that changed. */
    synchronized void replaceAll(Collection<Lease> leases) {
        Set<LeaseKey> keep = new HashSet<>();
        for (Lease lease : leases) {
            keep.add(lease.key());
            Entry known = entries.get(lease.key());
            if (known == null || !known.lease().equals(lease)) {
                put(lease);
            }
        }
        for (LeaseKey key : List.copyOf(entries.keySet())) {
            if (!keep.contains(key)) {
                remove(key);
            }
        }
    }

    /** Adds or replaces one lease. */
    synchronized void put(Lease lease) {
        remove(lease.key());
        Entry entry = entry(lease);
        LeaseKey key = lease.key();
        entries.put(key, entry);
        entry.subnets().forEach(s -> subnets.merge(s, 1, Integer::sum));
        if (!entry.isContainer()) {
            return;
        }
        entry.gateways().forEach(g -> gateways.merge(g, 1, Integer::sum));
        entry.addresses().forEach(a -> owners.put(a, key));
        // Sets are small (one holder, unless containers share a name) and replaced, never changed.
        entry.names().forEach(n -> holders.merge(n, Set.of(key), NetworkNames::union));
    }

    /** Removes one lease, if the index holds it. */
    synchronized void remove(LeaseKey key) {
        Entry entry = entries.remove(key);
        if (entry == null) {
            return;
        }
        entry.subnets().forEach(s -> subnets.computeIfPresent(s, (x, count) -> count == 1 ? null : count - 1));
        entry.gateways().forEach(g -> gateways.computeIfPresent(g, (x, count) -> count == 1 ? null : count - 1));
        entry.addresses().forEach(a -> owners.remove(a, key));
        for (DnsName name : entry.names()) {
            holders.computeIfPresent(name, (x, keys) -> keys.size() == 1 ? null : without(keys, key));
        }
    }

    private static Set<LeaseKey> union(Set<LeaseKey> a, Set<LeaseKey> b) {
        Set<LeaseKey> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static Set<LeaseKey> without(Set<LeaseKey> keys, LeaseKey key) {
        Set<LeaseKey> rest = new HashSet<>(keys);
        rest.remove(key);
        return rest.isEmpty() ? null : Set.copyOf(rest);
    }

    private Entry entry(Lease lease) {
        List<InetAddress> addresses = new ArrayList<>();
        List<InetAddress> leaseGateways = new ArrayList<>();
        List<IpPrefix> leaseSubnets = new ArrayList<>();
        for (LeasedAddress a : lease.addresses()) {
            addresses.add(a.address().address());
            leaseSubnets.add(a.address().network());
            if (a.gateway() != null) {
                leaseGateways.add(a.gateway().toInetAddress());
            }
        }
        List<DnsName> names = new ArrayList<>();
        DnsName ptrTarget = null;
        if (!lease.key().isReservation()) {
            for (String text : labelsOf(lease)) {
                DnsName bare = nameOrNull(text, List.of());
                if (bare == null) {
                    continue;
                }
                names.add(bare);
                DnsName qualified = domain == null ? null : nameOrNull(text, domain.labels());
                if (qualified != null) {
                    names.add(qualified);
                    ptrTarget = ptrTarget == null ? qualified : ptrTarget;
                }
            }
        }
        return new Entry(lease, List.copyOf(names), List.copyOf(addresses), ptrTarget, List.copyOf(leaseGateways),
                List.copyOf(leaseSubnets));
    }

    /** The lease's name, then its aliases. */
    private static List<String> labelsOf(Lease lease) {
        List<String> names = new ArrayList<>();
        if (lease.name() != null) {
            names.add(lease.name());
        }
        names.addAll(lease.aliases());
        return names;
    }

    /** {@code text} (dotted) followed by {@code suffix}, or null when that is no valid DNS name. */
    private static DnsName nameOrNull(String text, List<String> suffix) {
        try {
            DnsName name = DnsName.of(text);
            if (name.labels().isEmpty()) {
                return null;
            }
            if (suffix.isEmpty()) {
                return name;
            }
            List<String> labels = new ArrayList<>(name.labels());
            labels.addAll(suffix);
            return DnsName.fromLabels(labels);
        } catch (IllegalArgumentException notAName) {
            return null;
        }
    }

    String network() {
        return network;
    }

    /** The addresses of a name (A and AAAA together), or null when the network has no such name. */
    List<InetAddress> lookup(DnsName name) {
        Set<LeaseKey> keys = holders.get(name);
        if (keys == null) {
            return null;
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (LeaseKey key : keys) {
            Entry entry = entries.get(key);
            if (entry != null) {
                addresses.addAll(entry.addresses());
            }
        }
        return addresses;
    }

    /** The name an address resolves back to, or null. */
    DnsName reverse(InetAddress address) {
        LeaseKey key = owners.get(address);
        Entry entry = key == null ? null : entries.get(key);
        return entry == null ? null : entry.ptrTarget();
    }

    boolean hasName(DnsName name) {
        return holders.containsKey(name);
    }

    /** Whether a container of the network has this address (named or not). */
    boolean hasAddress(InetAddress address) {
        return owners.containsKey(address);
    }

    /** Whether a client's address lies in one of the network's subnets (its containers and its gateway do). */
    boolean isMember(InetAddress client) {
        for (IpPrefix subnet : subnets.keySet()) {
            if (subnet.contains(client)) {
                return true;
            }
        }
        return false;
    }

    Set<InetAddress> gateways() {
        return Set.copyOf(gateways.keySet());
    }

    /**
     * Whether names that are no container's go to the upstream resolvers: not for an internal
     * network, whose containers must not reach outside (a DNS query is a way out, too).
     */
    boolean forwardsOutside() {
        return forwardsOutside;
    }

    void forwardOutside(boolean forward) {
        forwardsOutside = forward;
    }

    /** How many attachments (not manual reservations) the network has. */
    int containers() {
        return (int) entries.values().stream().filter(Entry::isContainer).count();
    }
}
