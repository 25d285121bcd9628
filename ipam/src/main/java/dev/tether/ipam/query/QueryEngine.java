package dev.tether.ipam.query;

import dev.tether.ipam.GcReport;
import dev.tether.ipam.Ipam;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.ValidAttachments;
import dev.tether.ipam.alloc.BlockedAddresses;
import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.ipam.config.Range;
import dev.tether.ipam.config.RangeSet;
import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.ipam.store.IpamStore;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.LeasedAddress;
import dev.tether.ipam.store.StoreTx;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Runs standalone queries on an open store; the same code serves the daemon and the CLI. */
public final class QueryEngine {
    private static final Comparator<Lease> BY_NETWORK_AND_ADDRESS = Comparator
            .comparing((Lease l) -> l.key().network())
            .thenComparing(l -> l.addresses().isEmpty() ? null : l.addresses().get(0).ip(),
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(l -> l.key().toString());

    private QueryEngine() {
    }

    public static QueryReply run(IpamStore store, QueryRequest q) throws IpamException {
        Instant now = store.options().clock().instant();
        String op = q.op() == null ? "" : q.op();
        return switch (op) {
            case "ls" -> store.read(tx -> QueryReply.leases(views(sorted(tx.leases(known(tx, q.network()))), now)));
            case "show" -> store.read(tx -> QueryReply.leases(views(sorted(containerLeases(tx,
                    require(q.container(), "container"))), now)));
            case "usage" -> store.read(tx -> QueryReply.usage(usage(tx, q.network())));
            case "reserve" -> store.write(tx -> QueryReply.leases(List.of(LeaseView.of(
                    reserve(tx, require(q.network(), "network"), require(q.address(), "address"), now), now))));
            case "release" -> store.write(tx -> QueryReply.released(views(release(tx,
                    known(tx, require(q.network(), "network")), require(q.container(), "container"), q.ifname()), now), null));
            case "gc" -> store.write(tx -> {
                GcReport report = Ipam.collect(tx, known(tx, require(q.network(), "network")),
                        ValidAttachments.fromArgs(q.keep() == null ? List.of() : q.keep()));
                return QueryReply.released(views(report.released(), now), report.problems());
            });
            case "forget" -> store.write(tx -> QueryReply.released(views(
                    tx.forgetNetwork(require(q.network(), "network")), now), null));
            case "verify" -> store.read(tx -> QueryReply.problems(tx.verify()));
            default -> throw new IpamException.InvalidConfig("unknown query \"" + op
                    + "\"; known: ls, show, usage, reserve, release, gc, forget, verify");
        };
    }

    /** The network, if the store knows it (by a lease or a range definition); null (all) passes. */
    private static String known(StoreTx tx, String network) throws IpamException {
        if (network == null || tx.definition(network).isPresent() || !tx.leaseKeys(network).isEmpty()) {
            return network;
        }
        throw unknownNetwork(tx, network);
    }

    private static IpamException.InvalidConfig unknownNetwork(StoreTx tx, String network) {
        List<String> known = tx.networks();
        return new IpamException.InvalidConfig("network " + network + " is unknown to the store (its ranges are"
                + " recorded on its first ADD; " + (known.isEmpty() ? "it knows no network yet)"
                : "known: " + String.join(", ", known) + ")"));
    }

    /** The leases of a container given by its ID, the start of its ID, or its name. */
    private static List<Lease> containerLeases(StoreTx tx, String container) {
        return tx.leases(null).stream().filter(l -> l.key().containerId().startsWith(container)
                || container.equals(l.name())).toList();
    }

    private static List<NetworkUsage> usage(StoreTx tx, String network) throws IpamException {
        List<String> names = network == null ? tx.networks() : List.of(network);
        List<NetworkUsage> out = new ArrayList<>();
        for (String name : names) {
            Optional<NetworkDefinition> def = tx.definition(name);
            if (def.isEmpty()) {
                if (network != null) {
                    throw unknownNetwork(tx, network);
                }
                continue;
            }
            List<RangeUsage> ranges = new ArrayList<>();
            List<RangeSet> sets = def.get().rangeSets();
            for (int i = 0; i < sets.size(); i++) {
                for (Range r : sets.get(i).ranges()) {
                    BigInteger size = r.rangeStart().countTo(r.rangeEnd())
                            .subtract(new BlockedAddresses(r, def.get().exclude()).count());
                    BigInteger used = tx.countTaken(name, r.rangeStart(), r.rangeEnd());
                    ranges.add(new RangeUsage(i, r.toString(), r.subnet().toString(), r.gateway().toString(),
                            size, used, size.subtract(used).max(BigInteger.ZERO)));
                }
            }
            out.add(new NetworkUsage(name, ranges, tx.leaseKeys(name).size()));
        }
        return out;
    }

    /** A lease that keeps an address out of allocation until released, across reboots and GC. */
    private static Lease reserve(StoreTx tx, String network, String addressText, Instant now) throws IpamException {
        IpAddress address;
        try {
            address = IpAddress.parse(addressText);
        } catch (IllegalArgumentException e) {
            throw new IpamException.InvalidConfig("reserve: " + e.getMessage());
        }
        int prefixLength = address.bitLength();
        Optional<NetworkDefinition> def = tx.definition(network);
        if (def.isPresent()) {
            Range range = def.get().rangeSets().stream().flatMap(s -> s.ranges().stream())
                    .filter(r -> r.subnet().contains(address)).findFirst()
                    .orElseThrow(() -> new IpamException.AddressUnavailable(address + " is outside every subnet of network " + network));
            String blocked = BlockedAddresses.reason(range, List.of(), address);
            if (blocked != null) {
                throw new IpamException.AddressUnavailable(address + " is " + blocked + " and is never handed out anyway");
            }
            prefixLength = range.subnet().prefixLength();
        }
        Lease lease = new Lease(new LeaseKey(network, LeaseKey.RESERVED, address.toString()),
                List.of(new LeasedAddress(IpPrefix.of(address, prefixLength), null)), now, null, null, List.of());
        if (tx.lease(lease.key()).isPresent()) {
            throw new IpamException.AddressUnavailable(address + " is already reserved in network " + network);
        }
        tx.putLease(lease);
        return lease;
    }

    private static List<Lease> release(StoreTx tx, String network, String container, String ifname) {
        List<Lease> released = new ArrayList<>();
        for (LeaseKey key : tx.leaseKeys(network)) {
            if (key.containerId().equals(container) && (ifname == null || key.ifname().equals(ifname))) {
                tx.removeLease(key).ifPresent(released::add);
            }
        }
        return released;
    }

    private static List<Lease> sorted(List<Lease> leases) {
        return leases.stream().sorted(BY_NETWORK_AND_ADDRESS).toList();
    }

    private static List<LeaseView> views(List<Lease> leases, Instant now) {
        return leases.stream().map(l -> LeaseView.of(l, now)).toList();
    }

    private static String require(String value, String what) throws IpamException.InvalidConfig {
        if (value == null || value.isBlank()) {
            throw new IpamException.InvalidConfig("query needs a " + what);
        }
        return value;
    }
}
