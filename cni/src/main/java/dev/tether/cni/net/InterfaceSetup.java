package dev.tether.cni.net;

import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Result;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.Scope;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.addr.AddrFlags;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.OperState;
import dev.tether.natives.rtnl.route.Route;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies an IPAM result to a container interface, like the reference's pkg/ipam ConfigureIface:
 * IPv6 enabled when an IPv6 address comes (disable_ipv6=0 on lo and the interface,
 * keep_addr_on_down=1), the result's addresses added, the interface up, IPv6 duplicate address
 * detection settled when there is an IPv6 gateway, then the routes, whose missing next hop is the
 * gateway of the first address of their family.
 */
public final class InterfaceSetup {
    /** How long IPv6 addresses may stay tentative (DAD) before ADD fails, as the reference waits. */
    public static final Duration DAD_TIMEOUT = Duration.ofSeconds(5);

    private InterfaceSetup() {}

    /**
     * @param result a result whose {@code ips} point (by interface index) at {@code ifName}; ips
     *     without an index are skipped, as the reference does
     * @throws CniException when an ip points at another interface, or an address cannot settle
     */
    public static void apply(Namespace container, String ifName, Result result) {
        Link link = container.links().get(ifName);
        InetAddress v4Gateway = null;
        InetAddress v6Gateway = null;
        boolean ipv6Enabled = false;
        for (Result.IpConfig ip : result.ips()) {
            if (ip.interfaceIndex() == null) {
                continue;
            }
            int at = ip.interfaceIndex();
            if (at < 0 || at >= result.interfaces().size() || !result.interfaces().get(at).name().equals(ifName)) {
                throw new CniException(ErrorCode.INTERNAL, "failed to add IP address " + ip.address() + " to \"" + ifName
                        + "\": invalid interface index " + at);
            }
            if (!ip.isIpv4() && !ipv6Enabled) {
                enableIpv6(container, ifName);
                ipv6Enabled = true;
            }
            container.addresses().add(Addr.of(link.index(), Prefixes.of(ip.address())));
            if (ip.gateway() != null) {
                if (InetAddresses.isIpv4(ip.gateway()) && v4Gateway == null) {
                    v4Gateway = ip.gateway();
                } else if (InetAddresses.isIpv6(ip.gateway()) && v6Gateway == null) {
                    v6Gateway = ip.gateway();
                }
            }
        }
        container.links().setUp(ifName);
        if (v6Gateway != null) {
            settleIpv6(container, ifName, link.index(), DAD_TIMEOUT);
        }
        addRoutes(container, link.index(), result.routes(), v4Gateway, v6Gateway);
    }

    /** The kernel routes for the result's routes on the link, with missing next hops filled in. */
    public static List<Route> kernelRoutes(int linkIndex, List<dev.tether.cni.spec.Route> routes, InetAddress v4Gateway,
                                           InetAddress v6Gateway) {
        List<Route> out = new ArrayList<>(routes.size());
        for (dev.tether.cni.spec.Route r : routes) {
            IpPrefix dst = Prefixes.of(r.dst()).network();
            InetAddress gateway = r.gw() != null ? r.gw() : dst.isIpv6() ? v6Gateway : v4Gateway;
            Route route = Route.to(dst).withGateway(gateway).withLink(linkIndex);
            if (r.priority() != null) {
                route = route.withPriority(r.priority());
            }
            if (r.table() != null) {
                route = route.withTable(r.table());
            }
            if (r.scope() != null) {
                route = route.withScope(Scope.of(r.scope()));
            }
            if (!out.contains(route)) {
                out.add(route); // a default route both from IPAM and from isDefaultGateway is one route
            }
        }
        return out;
    }

    private static void addRoutes(Namespace container, int linkIndex, List<dev.tether.cni.spec.Route> routes,
                                  InetAddress v4Gateway, InetAddress v6Gateway) {
        for (Route route : kernelRoutes(linkIndex, routes, v4Gateway, v6Gateway)) {
            try {
                container.routes().addAlongside(behindOtherDefaults(container, route));
            } catch (AlreadyExistsException e) {
                throw new CniException(ErrorCode.INTERNAL, "failed to add route " + route + " in " + container + ": it exists already");
            }
        }
    }

    /**
     * A default route given no metric, when the container already has a default route of its
     * family (and table) through another interface, i.e. it is on another network already: one
     * metric above those, so that the container keeps its first network's gateway, as Docker does,
     * and falls back to this one when that network goes. Two equal defaults would leave the choice
     * to the kernel, which for IPv4 takes the newer one.
     */
    static Route behindOtherDefaults(Namespace container, Route route) {
        if (!route.isDefault() || route.priority() != 0) {
            return route;
        }
        int highest = container.routes().list(route.family(), route.effectiveTable()).stream()
                .filter(r -> r.isDefault() && r.linkIndex() != route.linkIndex())
                .mapToInt(Route::priority).max().orElse(-1);
        return highest < 0 ? route : route.withPriority(highest + 1);
    }

    private static void enableIpv6(Namespace container, String ifName) {
        for (String name : List.of("lo", ifName)) {
            container.ensureSysctl("net/ipv6/conf/" + name + "/disable_ipv6", "0");
        }
        // Keep IPv6 addresses when the interface goes down, as IPv4 addresses are kept.
        container.sysctl("net/ipv6/conf/" + ifName + "/keep_addr_on_down", "1");
    }

    /** Waits until no IPv6 address of the link is tentative (duplicate address detection is done). */
    public static void settleIpv6(Namespace ns, String ifName, int linkIndex, Duration timeout) {
        boolean[] failed = {false};
        boolean settled = Deadline.await(timeout, () -> {
            List<Addr> addrs = ns.addresses().list(linkIndex, Family.IPV6);
            failed[0] = addrs.stream().anyMatch(a -> a.hasFlag(AddrFlags.DADFAILED));
            return failed[0] || addrs.stream().noneMatch(a -> a.hasFlag(AddrFlags.TENTATIVE));
        });
        if (failed[0]) {
            throw new CniException(ErrorCode.INTERNAL, "an IPv6 address of \"" + ifName + "\" failed duplicate address detection");
        }
        if (!settled && ns.links().get(ifName).attrs().operState() == OperState.UP) {
            throw new CniException(ErrorCode.INTERNAL, "\"" + ifName + "\" still has tentative IPv6 addresses after "
                    + timeout.toSeconds() + " s");
        }
    }
}
