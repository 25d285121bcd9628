package dev.tether.cni.dns;

import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.LeasedAddress;
import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Lease records as tether-ipam stores them, for the name tables' unit tests. */
final class Leases {
    private Leases() {}

    /** A lease of container {@code ctr} on eth0 with addresses like "10.1.0.5/24" (gateway: the subnet's .1 / ::1). */
    static Lease of(String network, String ctr, String name, List<String> aliases, String... addresses) {
        List<LeasedAddress> leased = new ArrayList<>();
        for (String address : addresses) {
            IpPrefix prefix = IpPrefix.parse(address);
            leased.add(new LeasedAddress(prefix, prefix.firstIp().next()));
        }
        return new Lease(new LeaseKey(network, ctr, "eth0"), leased, Instant.EPOCH, "boot", name, aliases);
    }

    /** A manual reservation (no container). */
    static Lease reservation(String network, String address) {
        IpPrefix prefix = IpPrefix.parse(address);
        return new Lease(new LeaseKey(network, LeaseKey.RESERVED, prefix.ip().toString()),
                List.of(new LeasedAddress(prefix, (IpAddress) null)), Instant.EPOCH, null, null, List.of());
    }
}
