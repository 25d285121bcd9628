package dev.tether.ipam;

import dev.tether.natives.ip.IpAddress;
import dev.tether.ipam.store.LeaseKey;
import java.util.List;

/**
 * An ADD: the attachment, the exact addresses asked for (CNI_ARGS {@code IP=}, runtimeConfig
 * {@code ips}; at most one per range set, empty for "any"), and optional names stored with the
 * lease for name resolution.
 */
public record LeaseRequest(LeaseKey key, List<IpAddress> requested, String name, List<String> aliases) {

    public LeaseRequest {
        requested = List.copyOf(requested);
        aliases = List.copyOf(aliases);
    }

    /** Any free address in every range set, no names. */
    public static LeaseRequest of(LeaseKey key) {
        return new LeaseRequest(key, List.of(), null, List.of());
    }

    public LeaseRequest withRequested(List<IpAddress> addresses) {
        return new LeaseRequest(key, addresses, name, aliases);
    }

    public LeaseRequest withNames(String hostName, List<String> moreNames) {
        return new LeaseRequest(key, requested, hostName, moreNames);
    }
}
