package dev.tether.ipam;

import dev.tether.ipam.alloc.BlockedAddresses;
import dev.tether.ipam.alloc.FreeAddressFinder;
import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.ipam.config.Range;
import dev.tether.ipam.config.RangeSet;
import dev.tether.natives.ip.IpAddress;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.LeasedAddress;
import dev.tether.ipam.store.StoreTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** ADD inside one store transaction: one address per range set, requested or next free. */
final class LeaseAllocator {
    private final StoreTx tx;
    private final NetworkDefinition network;

    LeaseAllocator(StoreTx tx, NetworkDefinition network) {
        this.tx = tx;
        this.network = network;
    }

    Lease allocate(LeaseRequest request, Instant now, String bootId) throws IpamException {
        tx.putDefinition(network);
        Optional<Lease> existing = tx.lease(request.key());
        if (existing.isPresent()) {
            return sameAsBefore(existing.get(), request);
        }
        Map<Integer, IpAddress> requested = requestedBySet(request);
        List<LeasedAddress> addresses = new ArrayList<>();
        List<RangeSet> sets = network.rangeSets();
        for (int i = 0; i < sets.size(); i++) {
            RangeSet set = sets.get(i);
            IpAddress address = requested.get(i);
            if (address == null) {
                address = new FreeAddressFinder(set, network.exclude(), tx.takenAddresses(network.network()))
                        .next(tx.cursor(network.network(), i).orElse(null))
                        .orElseThrow(() -> new IpamException.Exhausted(network.network(), set.toString()));
            }
            Range range = set.rangeFor(address).orElseThrow();
            addresses.add(new LeasedAddress(range.withPrefix(address), range.gateway()));
            tx.setCursor(network.network(), i, address);
        }
        Lease lease = new Lease(request.key(), addresses, now, bootId, request.name(), request.aliases());
        tx.putLease(lease);
        return lease;
    }

    /** ADD is idempotent: the same attachment gets its lease back, if it asks for nothing else. */
    private Lease sameAsBefore(Lease lease, LeaseRequest request) throws IpamException.AddressUnavailable {
        List<IpAddress> held = lease.addresses().stream().map(LeasedAddress::ip).toList();
        for (IpAddress wanted : request.requested()) {
            if (!held.contains(wanted)) {
                throw new IpamException.AddressUnavailable(request.key().describe() + " already holds "
                        + held.stream().map(IpAddress::toString).collect(Collectors.joining(", "))
                        + ", not the requested " + wanted + "; DEL it first");
            }
        }
        return lease;
    }

    /** Maps each requested address to its range set, checking it can be had. */
    private Map<Integer, IpAddress> requestedBySet(LeaseRequest request) throws IpamException.AddressUnavailable {
        Map<Integer, IpAddress> bySet = new HashMap<>();
        List<RangeSet> sets = network.rangeSets();
        for (IpAddress a : request.requested()) {
            int index = -1;
            for (int i = 0; i < sets.size() && index < 0; i++) {
                if (sets.get(i).contains(a)) {
                    index = i;
                }
            }
            if (index < 0) {
                throw new IpamException.AddressUnavailable("requested address " + a + " is outside every range of network "
                        + network.network() + " (" + sets.stream().map(RangeSet::toString).collect(Collectors.joining("; ")) + ")");
            }
            IpAddress other = bySet.put(index, a);
            if (other != null) {
                throw new IpamException.AddressUnavailable("requested addresses " + other + " and " + a
                        + " are both in range set " + sets.get(index) + " of network " + network.network()
                        + "; one address per range set");
            }
            Range range = sets.get(index).rangeFor(a).orElseThrow();
            String blocked = BlockedAddresses.reason(range, network.exclude(), a);
            if (blocked != null) {
                throw new IpamException.AddressUnavailable("requested address " + a + " in network "
                        + network.network() + " is " + blocked + " and is never handed out");
            }
            Optional<LeaseKey> owner = tx.owner(network.network(), a);
            if (owner.isPresent()) {
                throw new IpamException.AddressUnavailable("requested address " + a + " in network "
                        + network.network() + " is already in use by " + owner.get().describe());
            }
        }
        return bySet;
    }
}
