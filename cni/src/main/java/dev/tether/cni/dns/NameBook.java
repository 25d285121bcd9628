package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsName;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The names of every network at one moment: each listener answers from its own network's
 * {@link NetworkNames}, and uses the union of all networks' names and addresses to refuse the
 * names of the others instead of forwarding them. Immutable; replaced whole when a network changes.
 */
final class NameBook {
    static final NameBook EMPTY = of(java.util.List.of());

    private final Map<String, NetworkNames> networks;
    private final Set<DnsName> allNames = new HashSet<>();
    private final Set<InetAddress> allAddresses = new HashSet<>();

    private NameBook(Map<String, NetworkNames> networks) {
        this.networks = networks;
        for (NetworkNames names : networks.values()) {
            allNames.addAll(names.names());
            allAddresses.addAll(names.containerAddresses());
        }
    }

    static NameBook of(Collection<NetworkNames> networks) {
        Map<String, NetworkNames> byName = new LinkedHashMap<>();
        networks.forEach(n -> byName.put(n.network(), n));
        return new NameBook(byName);
    }

    /** The network's names; empty ones for a network the book does not hold. */
    NetworkNames network(String network) {
        NetworkNames names = networks.get(network);
        return names != null ? names : NetworkNames.empty(network);
    }

    Collection<NetworkNames> networks() {
        return networks.values();
    }

    /** Whether some network (any: callers ask after their own had no answer) has this name. */
    boolean isContainerName(DnsName name) {
        return allNames.contains(name);
    }

    /** Whether some network has a container at this address. */
    boolean isContainerAddress(InetAddress address) {
        return allAddresses.contains(address);
    }
}
