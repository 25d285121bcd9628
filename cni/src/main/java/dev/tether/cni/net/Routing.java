package dev.tether.cni.net;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.route.Route;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.Optional;

/** Which interface a namespace sends to an address through, from its main routing table. */
public final class Routing {
    private Routing() {}

    /**
     * The output interface of the most specific main-table route to the address (what
     * {@code ip route get} would pick without policy rules), or empty when no route with an
     * interface covers it.
     */
    public static Optional<String> interfaceTowards(Namespace ns, InetAddress address) {
        Family family = InetAddresses.isIpv6(address) ? Family.IPV6 : Family.IPV4;
        return ns.routes().list(family).stream()
                .filter(route -> route.linkIndex() != 0 && route.destination().contains(address))
                .max(Comparator.comparingInt((Route route) -> route.destination().prefixLength())
                        .thenComparing(route -> -route.priority()))
                .map(route -> ns.links().get(route.linkIndex()).name());
    }

    /** Whether the address is on an interface of the namespace. */
    public static boolean isLocal(Namespace ns, InetAddress address) {
        Family family = InetAddresses.isIpv6(address) ? Family.IPV6 : Family.IPV4;
        return ns.addresses().list(family).stream().map(a -> a.prefix().address()).anyMatch(address::equals);
    }
}
