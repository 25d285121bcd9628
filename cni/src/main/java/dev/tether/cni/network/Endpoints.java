package dev.tether.cni.network;

import dev.tether.cni.invoke.ResultCache;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Result;
import dev.tether.ipam.query.LeaseView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The containers attached to every network: the IPAM store's leases (manual reservations are no
 * containers) joined with the result cache's entries on (network, container ID, interface).
 * Addresses come from the lease, else from the cached result; MAC, netns and the host end of the
 * veth from the cached result.
 */
public final class Endpoints {
    private final Map<String, Map<String, Endpoint>> byNetwork = new LinkedHashMap<>();

    private Endpoints() {}

    public static Endpoints of(List<LeaseView> leases, List<ResultCache.Entry> cached) {
        Endpoints endpoints = new Endpoints();
        Map<String, ResultCache.Entry> entries = new LinkedHashMap<>();
        cached.forEach(e -> entries.put(key(e.networkName(), e.containerId(), e.ifName()), e));
        for (LeaseView lease : leases) {
            if (lease.reserved()) {
                continue;
            }
            ResultCache.Entry entry = entries.remove(key(lease.network(), lease.container(), lease.ifname()));
            endpoints.put(lease.network(), endpoint(lease.container(), lease.ifname(), lease.name(),
                    lease.aliases() == null ? List.of() : lease.aliases(), lease.addresses(), entry));
        }
        for (ResultCache.Entry entry : entries.values()) {
            endpoints.put(entry.networkName(), endpoint(entry.containerId(), entry.ifName(), null, List.of(), null, entry));
        }
        return endpoints;
    }

    /** The network's containers, in lease order (network, address), then cache order. */
    public List<Endpoint> of(String network) {
        return List.copyOf(byNetwork.getOrDefault(network, Map.of()).values());
    }

    private void put(String network, Endpoint endpoint) {
        byNetwork.computeIfAbsent(network, n -> new LinkedHashMap<>())
                .putIfAbsent(endpoint.containerId() + "/" + endpoint.ifName(), endpoint);
    }

    private static String key(String network, String containerId, String ifName) {
        return network + "\0" + containerId + "\0" + ifName;
    }

    private static Endpoint endpoint(String containerId, String ifName, String name, List<String> aliases,
                                     List<String> leased, ResultCache.Entry entry) {
        Result result = cachedResult(entry);
        String mac = null;
        String hostInterface = null;
        List<String> addresses = leased == null ? new ArrayList<>() : leased;
        if (result != null) {
            int container = -1;
            for (int i = 0; i < result.interfaces().size(); i++) {
                Result.Interface iface = result.interfaces().get(i);
                if (iface.sandbox() != null && !iface.sandbox().isEmpty() && iface.name().equals(ifName)) {
                    container = i;
                    mac = iface.mac();
                } else if ((iface.sandbox() == null || iface.sandbox().isEmpty()) && i > 0 && hostInterface == null) {
                    hostInterface = iface.name(); // bridge plugins list the bridge first, then the host end
                }
            }
            if (leased == null) {
                for (Result.IpConfig ip : result.ips()) {
                    if (ip.interfaceIndex() == null || ip.interfaceIndex() == container) {
                        addresses.add(ip.address().toString());
                    }
                }
            }
        }
        return new Endpoint(containerId, ifName, name, aliases, addresses, mac, entry == null ? null : entry.netns(),
                hostInterface);
    }

    private static Result cachedResult(ResultCache.Entry entry) {
        if (entry == null || entry.result() == null) {
            return null;
        }
        try {
            return Result.fromJson(entry.result(), null);
        } catch (CniException unreadable) {
            return null;
        }
    }
}
