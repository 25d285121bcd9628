package dev.tether.cni.network;

import java.util.List;

/**
 * A container attached to a network, as the IPAM store and the result cache know it (either may
 * know it alone: a runtime with another cache directory leaves only the lease; an IPAM plugin
 * other than tether-ipam leaves only the cache entry).
 *
 * @param name the container's name when the runtime gave one (CNI_ARGS K8S_POD_NAME), else null
 * @param addresses with prefix length, e.g. 10.1.0.2/24
 * @param mac of the container interface, null when no cache entry has it
 * @param netns null when no cache entry has it
 * @param hostInterface the host end of its veth (from the cached result), null when unknown
 */
public record Endpoint(String containerId, String ifName, String name, List<String> aliases, List<String> addresses,
                       String mac, String netns, String hostInterface) {

    public Endpoint {
        aliases = List.copyOf(aliases);
        addresses = List.copyOf(addresses);
    }

    /** Whether {@code id} names this container: its full ID, the start of it, or its name. */
    boolean matches(String id) {
        return containerId.equals(id) || containerId.startsWith(id) || id.equals(name);
    }
}
