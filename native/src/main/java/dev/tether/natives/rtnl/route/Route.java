package dev.tether.natives.rtnl.route;

import java.net.InetAddress;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.Scope;

/**
 * An IPv4 or IPv6 route. When adding, 0/null fields take iproute2's defaults: table main, protocol
 * boot, type unicast, scope link without a gateway and universe with one.
 *
 * @param destination where the route leads, 0.0.0.0/0 or ::/0 for a default route
 * @param gateway     next hop, or null for a directly connected destination
 * @param linkIndex   output link (RTA_OIF), or 0
 * @param scope       scope, or null for the default
 * @param table       routing table, 0 for main ({@link #TABLE_MAIN})
 * @param source      preferred source address (RTA_PREFSRC), or null
 * @param priority    metric (RTA_PRIORITY), or 0
 * @param protocol    who installed it (RTPROT_*), or 0 for the default
 * @param type        RTN_* type, or 0 for unicast
 */
public record Route(IpPrefix destination, InetAddress gateway, int linkIndex, Scope scope, int table,
                    InetAddress source, int priority, int protocol, int type) {
    public static final int TABLE_MAIN = 254;
    public static final int TABLE_LOCAL = 255;
    public static final int PROTOCOL_KERNEL = 2;
    public static final int PROTOCOL_BOOT = 3;
    public static final int PROTOCOL_STATIC = 4;
    public static final int TYPE_UNICAST = 1;
    public static final int TYPE_LOCAL = 2;
    public static final int TYPE_BROADCAST = 3;
    public static final int TYPE_BLACKHOLE = 6;
    public static final int TYPE_UNREACHABLE = 7;

    public Route {
        if (destination == null) {
            throw new IllegalArgumentException("a route needs a destination (0.0.0.0/0 or ::/0 for a default route)");
        }
        if (gateway != null && InetAddresses.isIpv6(gateway) != destination.isIpv6()) {
            throw new IllegalArgumentException("gateway " + InetAddresses.format(gateway) + " and destination "
                    + destination + " are of different families");
        }
    }

    /** A route to the destination; add a gateway or link with the withers. */
    public static Route to(IpPrefix destination) {
        return new Route(destination, null, 0, null, 0, null, 0, 0, 0);
    }

    /** The default route (0.0.0.0/0 or ::/0) through the gateway. */
    public static Route defaultVia(InetAddress gateway) {
        String any = InetAddresses.isIpv6(gateway) ? "::/0" : "0.0.0.0/0";
        return to(IpPrefix.parse(any)).withGateway(gateway);
    }

    public Family family() {
        return Family.of(destination.address());
    }

    public boolean isDefault() {
        return destination.prefixLength() == 0;
    }

    /** The table, with 0 read as main. */
    public int effectiveTable() {
        return table == 0 ? TABLE_MAIN : table;
    }

    public Route withGateway(InetAddress newGateway) {
        return new Route(destination, newGateway, linkIndex, scope, table, source, priority, protocol, type);
    }

    public Route withLink(int newLinkIndex) {
        return new Route(destination, gateway, newLinkIndex, scope, table, source, priority, protocol, type);
    }

    public Route withScope(Scope newScope) {
        return new Route(destination, gateway, linkIndex, newScope, table, source, priority, protocol, type);
    }

    public Route withTable(int newTable) {
        return new Route(destination, gateway, linkIndex, scope, newTable, source, priority, protocol, type);
    }

    public Route withSource(InetAddress newSource) {
        return new Route(destination, gateway, linkIndex, scope, table, newSource, priority, protocol, type);
    }

    public Route withPriority(int newPriority) {
        return new Route(destination, gateway, linkIndex, scope, table, source, newPriority, protocol, type);
    }

    public Route withProtocol(int newProtocol) {
        return new Route(destination, gateway, linkIndex, scope, table, source, priority, newProtocol, type);
    }

    public Route withType(int newType) {
        return new Route(destination, gateway, linkIndex, scope, table, source, priority, protocol, newType);
    }

    @Override
    public String toString() {
        return (isDefault() ? "default" + (destination.isIpv6() ? " (v6)" : "") : destination.network().toString())
                + (gateway != null ? " via " + InetAddresses.format(gateway) : "")
                + (linkIndex != 0 ? " dev " + linkIndex : "")
                + (table != 0 && table != TABLE_MAIN ? " table " + table : "")
                + (scope != null ? " scope " + scope.name().toLowerCase() : "")
                + (source != null ? " src " + InetAddresses.format(source) : "")
                + (priority != 0 ? " metric " + priority : "");
    }
}
