package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsName;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of every network: each listener answers from its own network's
 * {@link NetworkNames}, and asks all networks whether a name or address is some container's, to
 * refuse another network's names instead of forwarding them. The reconcile thread adds and drops
 * networks; listener threads read.
 */
final class NameBook {
    private static final NetworkNames NONE = new NetworkNames("");

    private final Map<String, NetworkNames> networks = new ConcurrentHashMap<>();

    /** A book of these networks (for tests). */
    static NameBook of(Collection<NetworkNames> networks) {
        NameBook book = new NameBook();
        networks.forEach(n -> book.networks.put(n.network(), n));
        return book;
    }

    /** The network's names; an empty index for a network the book does not hold. */
    NetworkNames network(String network) {
        return networks.getOrDefault(network, NONE);
    }

    /** The network's index, made empty when it is new. */
    NetworkNames open(String network) {
        return networks.computeIfAbsent(network, NetworkNames::new);
    }

    void retain(Set<String> names) {
        networks.keySet().retainAll(names);
    }

    boolean holds(String network) {
        return networks.containsKey(network);
    }

    Collection<NetworkNames> networks() {
        return networks.values();
    }

    /** Whether some network has this name. */
    boolean isContainerName(DnsName name) {
        for (NetworkNames network : networks.values()) {
            if (network.hasName(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some network has a container at this address. */
    boolean isContainerAddress(InetAddress address) {
        for (NetworkNames network : networks.values()) {
            if (network.hasAddress(address)) {
                return true;
            }
        }
        return false;
    }
}
