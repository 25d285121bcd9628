package dev.tether.ipam.config;

import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import java.util.List;

/**
 * What the allocator needs to know about a network: its range sets (one address per set and
 * attachment) and the reserved addresses never handed out. Stored per network so queries such
 * as {@code usage} work without the CNI configuration.
 */
public record NetworkDefinition(String network, List<RangeSet> rangeSets, List<IpPrefix> exclude) {

    public NetworkDefinition {
        rangeSets = List.copyOf(rangeSets);
        exclude = List.copyOf(exclude);
    }

    public boolean isExcluded(IpAddress a) {
        return exclude.stream().anyMatch(p -> p.contains(a));
    }
}
