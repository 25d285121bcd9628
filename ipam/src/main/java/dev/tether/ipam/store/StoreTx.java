package dev.tether.ipam.store;

import dev.tether.ipam.IpamException;
import dev.tether.ipam.alloc.AllocatedRuns;
import dev.tether.ipam.config.IpamConfigParser;
import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.natives.ip.IpAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The store's tables as one consistent unit: a lease, its owner entries (address -> lease, the
 * uniqueness guard) and its address runs (for free-address search) always change together.
 * Only usable inside {@link IpamStore#write} or {@link IpamStore#read}, which hold the store's
 * lock and commit or roll back the whole unit.
 */
public final class StoreTx {
    private final NavigableMap<String, Lease> leases;
    private final NavigableMap<byte[], String> owners;
    private final NavigableMap<byte[], byte[]> runs;
    private final NavigableMap<String, byte[]> cursors;
    private final NavigableMap<String, String> networks;

    StoreTx(NavigableMap<String, Lease> leases, NavigableMap<byte[], String> owners,
            NavigableMap<byte[], byte[]> runs, NavigableMap<String, byte[]> cursors,
            NavigableMap<String, String> networks) {
        this.leases = leases;
        this.owners = owners;
        this.runs = runs;
        this.cursors = cursors;
        this.networks = networks;
    }

    public Optional<Lease> lease(LeaseKey key) {
        return Optional.ofNullable(leases.get(key.encode()));
    }

    /** Leases of {@code network}, or of every network when null, ordered by key. */
    public List<Lease> leases(String network) {
        if (network == null) {
            return new ArrayList<>(leases.values());
        }
        String[] range = LeaseKey.networkKeyRange(network);
        return new ArrayList<>(leases.subMap(range[0], range[1]).values());
    }

    /** Keys of the leases of {@code network} (keys decode even where a record would not). */
    public List<LeaseKey> leaseKeys(String network) {
        String[] range = LeaseKey.networkKeyRange(network);
        return leases.subMap(range[0], range[1]).keySet().stream().map(LeaseKey::decode).toList();
    }

    /**
     * Stores a lease. Every address must be free or already this key's; otherwise nothing
     * changes and {@code AddressUnavailable} names the holder.
     */
    public void putLease(Lease lease) throws IpamException.AddressUnavailable {
        LeaseKey key = lease.key();
        AddressKeys keys = new AddressKeys(key.network());
        String encoded = key.encode();
        for (LeasedAddress a : lease.addresses()) {
            String holder = owners.get(keys.key(a.ip()));
            if (holder != null && !holder.equals(encoded)) {
                throw new IpamException.AddressUnavailable("address " + a.ip() + " in network "
                        + key.network() + " is already in use by " + LeaseKey.decode(holder).describe());
            }
        }
        removeLease(key);
        RunIndex runIndex = new RunIndex(runs, keys);
        for (LeasedAddress a : lease.addresses()) {
            owners.put(keys.key(a.ip()), encoded);
            runIndex.add(a.ip());
        }
        leases.put(encoded, lease);
    }

    /** Removes a lease and frees its addresses; empty when there was none. */
    public Optional<Lease> removeLease(LeaseKey key) {
        Lease lease = leases.remove(key.encode());
        if (lease == null) {
            return Optional.empty();
        }
        AddressKeys keys = new AddressKeys(key.network());
        RunIndex runIndex = new RunIndex(runs, keys);
        for (LeasedAddress a : lease.addresses()) {
            byte[] k = keys.key(a.ip());
            if (key.encode().equals(owners.get(k))) {
                owners.remove(k);
                runIndex.remove(a.ip());
            }
        }
        return Optional.of(lease);
    }

    /** Who holds {@code address} in {@code network}. */
    public Optional<LeaseKey> owner(String network, IpAddress address) {
        String holder = owners.get(new AddressKeys(network).key(address));
        return Optional.ofNullable(holder).map(LeaseKey::decode);
    }

    /** The network's taken addresses, for free-address search. */
    public AllocatedRuns takenAddresses(String network) {
        return new RunIndex(runs, new AddressKeys(network));
    }

    /** How many addresses in [from, to] are taken (walks runs: for queries, not allocation). */
    public BigInteger countTaken(String network, IpAddress from, IpAddress to) {
        return new RunIndex(runs, new AddressKeys(network)).countTaken(from, to);
    }

    /** The last address handed out from range set {@code index} of {@code network}. */
    public Optional<IpAddress> cursor(String network, int index) {
        byte[] b = cursors.get(network + '\0' + index);
        return Optional.ofNullable(b).map(IpAddress::ofBytes);
    }

    public void setCursor(String network, int index, IpAddress last) {
        cursors.put(network + '\0' + index, last.toBytes());
    }

    /** The range definition last seen for {@code network}. */
    public Optional<NetworkDefinition> definition(String network) throws IpamException.StoreFailure {
        String json = networks.get(network);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpamConfigParser.definitionFromJson(network, json));
        } catch (IpamException.InvalidConfig e) {
            throw new IpamException.StoreFailure("stored definition of network " + network
                    + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Records {@code definition} for queries; writes only when it changed. */
    public void putDefinition(NetworkDefinition definition) {
        String json = IpamConfigParser.definitionToJson(definition);
        if (!json.equals(networks.get(definition.network()))) {
            networks.put(definition.network(), json);
        }
    }

    /**
     * Removes everything the store holds for {@code network}: its leases (manual reservations
     * too), its allocation cursors and its range definition, as when the network itself is
     * deleted. A network created again under the same name then starts afresh.
     *
     * @return the leases that were released
     */
    public List<Lease> forgetNetwork(String network) {
        List<Lease> released = new ArrayList<>();
        for (LeaseKey key : leaseKeys(network)) {
            removeLease(key).ifPresent(released::add);
        }
        cursors.subMap(network + '\0', network + '\1').clear();
        networks.remove(network);
        return released;
    }

    /**
     * Checks that the tables agree: every leased address is owned by its lease and covered by a
     * run, every owner entry points at a lease holding that address, runs are maximal and cover
     * exactly the owned addresses. Walks everything: for tests and diagnostics.
     *
     * @return the problems found (empty when consistent)
     */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Lease> e : leases.entrySet()) {
            Lease lease = e.getValue();
            if (!lease.key().encode().equals(e.getKey())) {
                problems.add("lease stored under the wrong key: " + lease.key());
            }
            AddressKeys keys = new AddressKeys(lease.key().network());
            RunIndex runIndex = new RunIndex(runs, keys);
            for (LeasedAddress a : lease.addresses()) {
                if (!e.getKey().equals(owners.get(keys.key(a.ip())))) {
                    problems.add(a.ip() + " of " + lease.key() + " is owned by " + owners.get(keys.key(a.ip())));
                }
                if (runIndex.endOfRunAt(a.ip()) == null) {
                    problems.add(a.ip() + " of " + lease.key() + " is missing from the runs");
                }
            }
        }
        for (Map.Entry<byte[], String> e : owners.entrySet()) {
            AddressKeys.Decoded d = AddressKeys.decode(e.getKey());
            Lease lease = leases.get(e.getValue());
            if (lease == null || lease.addresses().stream().noneMatch(a -> a.ip().equals(d.address()))) {
                problems.add(d.address() + " in " + d.network() + " is owned by " + e.getValue().replace('\0', '/')
                        + ", which does not hold it");
            }
        }
        BigInteger covered = BigInteger.ZERO;
        AddressKeys.Decoded previous = null;
        IpAddress previousEnd = null;
        for (Map.Entry<byte[], byte[]> e : runs.entrySet()) {
            AddressKeys.Decoded start = AddressKeys.decode(e.getKey());
            IpAddress end = IpAddress.ofBytes(e.getValue());
            if (end.compareTo(start.address()) < 0 || !end.sameFamily(start.address())) {
                problems.add("run " + start.address() + "-" + end + " in " + start.network() + " is inverted");
                continue;
            }
            if (previous != null && previous.network().equals(start.network())
                    && previousEnd.sameFamily(end) && previousEnd.next().compareTo(start.address()) >= 0) {
                problems.add("runs ending " + previousEnd + " and starting " + start.address() + " in "
                        + start.network() + " overlap or touch");
            }
            covered = covered.add(start.address().countTo(end));
            previous = start;
            previousEnd = end;
        }
        if (covered.compareTo(BigInteger.valueOf(owners.size())) != 0) {
            problems.add("runs cover " + covered + " addresses but " + owners.size() + " are owned");
        }
        return problems;
    }

    /** Every network with a stored definition or a lease. */
    public List<String> networks() {
        TreeSet<String> names = new TreeSet<>(networks.keySet());
        for (String key : leases.keySet()) {
            names.add(LeaseKey.decode(key).network());
        }
        return new ArrayList<>(names);
    }
}
