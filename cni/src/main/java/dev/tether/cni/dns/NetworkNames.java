package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsName;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeasedAddress;
import dev.tether.natives.ip.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one network's DNS listener knows, built from the network's leases: each container's
 * addresses under its name and aliases, bare and qualified with the network's name
 * ({@code web}, {@code web.mynet}); the reverse name of each address ({@code web.mynet.}); and
 * the gateways the containers use (where the listener belongs); and the subnets, which tell a
 * client of the network from one that reaches the listener through the host. Manual
 * reservations are not containers and carry no names. Immutable.
 */
final class NetworkNames {
    private final String network;
    private final Map<DnsName, List<InetAddress>> addresses;
    private final Map<InetAddress, DnsName> reverse;
    private final Set<InetAddress> containerAddresses;
    private final Set<InetAddress> gateways;
    private final Set<IpPrefix> subnets;
    private final int containers;

    private NetworkNames(String network, Map<DnsName, List<InetAddress>> addresses, Map<InetAddress, DnsName> reverse,
                         Set<InetAddress> containerAddresses, Set<InetAddress> gateways, Set<IpPrefix> subnets,
                         int containers) {
        this.network = network;
        this.addresses = addresses;
        this.reverse = reverse;
        this.containerAddresses = containerAddresses;
        this.gateways = gateways;
        this.subnets = subnets;
        this.containers = containers;
    }

    static NetworkNames empty(String network) {
        return new NetworkNames(network, Map.of(), Map.of(), Set.of(), Set.of(), Set.of(), 0);
    }

    /** @param leases the network's leases; names that are not valid DNS names are left out */
    static NetworkNames of(String network, List<Lease> leases) {
        DnsName domain = nameOrNull(network, List.of());
        Map<DnsName, Set<InetAddress>> byName = new LinkedHashMap<>();
        Map<InetAddress, DnsName> reverse = new LinkedHashMap<>();
        Set<InetAddress> gateways = new LinkedHashSet<>();
        Set<InetAddress> all = new LinkedHashSet<>();
        Set<IpPrefix> subnets = new LinkedHashSet<>();
        int containers = 0;
        for (Lease lease : leases) {
            lease.addresses().forEach(a -> subnets.add(a.address().network()));
            if (lease.key().isReservation()) {
                continue;
            }
            containers++;
            List<InetAddress> ips = lease.addresses().stream().map(a -> a.address().address()).toList();
            lease.addresses().stream().map(LeasedAddress::gateway).filter(g -> g != null)
                    .forEach(g -> gateways.add(g.toInetAddress()));
            all.addAll(ips);
            DnsName ptrTarget = null;
            for (String text : labelsOf(lease)) {
                DnsName bare = nameOrNull(text, List.of());
                if (bare == null) {
                    continue;
                }
                byName.computeIfAbsent(bare, n -> new LinkedHashSet<>()).addAll(ips);
                DnsName qualified = domain == null ? null : nameOrNull(text, domain.labels());
                if (qualified != null) {
                    byName.computeIfAbsent(qualified, n -> new LinkedHashSet<>()).addAll(ips);
                    ptrTarget = ptrTarget == null ? qualified : ptrTarget;
                }
            }
            if (ptrTarget != null) {
                for (InetAddress ip : ips) {
                    reverse.putIfAbsent(ip, ptrTarget);
                }
            }
        }
        Map<DnsName, List<InetAddress>> addresses = new LinkedHashMap<>();
        byName.forEach((name, ips) -> addresses.put(name, List.copyOf(ips)));
        return new NetworkNames(network, Collections.unmodifiableMap(addresses), Collections.unmodifiableMap(reverse),
                Collections.unmodifiableSet(all), Collections.unmodifiableSet(gateways), Collections.unmodifiableSet(subnets),
                containers);
    }

    /** The lease's name, then its aliases. */
    private static List<String> labelsOf(Lease lease) {
        List<String> names = new ArrayList<>();
        if (lease.name() != null) {
            names.add(lease.name());
        }
        names.addAll(lease.aliases());
        return names;
    }

    /** {@code text} (dotted) followed by {@code suffix}, or null when that is no valid DNS name. */
    private static DnsName nameOrNull(String text, List<String> suffix) {
        try {
            DnsName name = DnsName.of(text);
            if (name.labels().isEmpty()) {
                return null;
            }
            List<String> labels = new ArrayList<>(name.labels());
            labels.addAll(suffix);
            return DnsName.fromLabels(labels);
        } catch (IllegalArgumentException notAName) {
            return null;
        }
    }

    String network() {
        return network;
    }

    /** The addresses of a name (A and AAAA together), or null when the network has no such name. */
    List<InetAddress> lookup(DnsName name) {
        return addresses.get(name);
    }

    /** The name an address resolves back to, or null. */
    DnsName reverse(InetAddress address) {
        return reverse.get(address);
    }

    Set<DnsName> names() {
        return addresses.keySet();
    }

    /** Every address of the network's containers, named or not. */
    Set<InetAddress> containerAddresses() {
        return containerAddresses;
    }

    Set<InetAddress> gateways() {
        return gateways;
    }

    /** Whether a client's address lies in one of the network's subnets (its containers and its gateway do). */
    boolean isMember(InetAddress client) {
        return subnets.stream().anyMatch(subnet -> subnet.contains(client));
    }

    /** How many attachments (not manual reservations) the network has. */
    int containers() {
        return containers;
    }
}
