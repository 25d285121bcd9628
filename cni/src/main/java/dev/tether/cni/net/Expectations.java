package dev.tether.cni.net;

import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Result;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.route.Route;
import java.util.List;

/**
 * CHECK's comparisons of a container's addresses and routes with a previous result, as the
 * reference's ValidateExpectedInterfaceIPs and ValidateExpectedRoute make them. A later chained
 * plugin may have added routes: only missing ones count.
 */
public final class Expectations {
    private Expectations() {}

    /**
     * Every address is on the interface, with its prefix length, and its subnet is routed.
     *
     * @throws CniException naming the first address that is missing
     */
    public static void requireAddresses(Namespace container, String ifName, List<Result.IpConfig> ips) {
        int index = container.links().get(ifName).index();
        List<Addr> present = container.addresses().list(index, Family.ALL);
        for (Result.IpConfig ip : ips) {
            IpPrefix expected = Prefixes.of(ip.address());
            if (present.stream().noneMatch(a -> a.prefix().equals(expected))) {
                throw failed("address " + expected + " is not on interface \"" + ifName + "\"");
            }
            Family family = expected.isIpv6() ? Family.IPV6 : Family.IPV4;
            boolean routed = container.routes().list(family, 0).stream()
                    .anyMatch(r -> r.destination().network().equals(expected.network()));
            if (!routed) {
                throw failed("no route to the subnet " + expected.network() + " of address " + expected);
            }
        }
    }

    /**
     * Every route is in the routing table (its own, or main): same destination and, unless it is
     * a default route, the same next hop when it names one.
     *
     * @throws CniException naming the first route that is missing
     */
    public static void requireRoutes(Namespace container, List<dev.tether.cni.spec.Route> routes) {
        for (dev.tether.cni.spec.Route expected : routes) {
            IpPrefix dst = Prefixes.of(expected.dst()).network();
            int table = expected.table() != null ? expected.table() : Route.TABLE_MAIN;
            boolean found = container.routes().list(dst.isIpv6() ? Family.IPV6 : Family.IPV4, table).stream()
                    .anyMatch(r -> r.destination().network().equals(dst)
                            && (dst.prefixLength() == 0 || expected.gw() == null || expected.gw().equals(r.gateway())));
            if (!found) {
                throw failed("route to " + dst + (expected.gw() != null ? " via " + InetAddresses.format(expected.gw()) : "")
                        + " is not in the routing table");
            }
        }
    }

    private static CniException failed(String what) {
        return new CniException(ErrorCode.INTERNAL, "CHECK failed: " + what);
    }
}
