package dev.tether.natives.rtnl.route;

import java.util.List;

import dev.tether.natives.netlink.NetlinkChannel;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.rtnl.Family;

/**
 * IPv4/IPv6 route operations in the namespace of one netlink channel. Multipath routes are listed
 * without their next hops. Thread-safe.
 */
public final class Routes {
    private final NetlinkChannel channel;

    public Routes(NetlinkChannel channel) {
        this.channel = channel;
    }

    /** @throws dev.tether.natives.libc.AlreadyExistsException if the route exists */
    public void add(Route route) {
        channel.request(RouteCodec.add(route, NetlinkMessage.NLM_F_EXCL), "RTM_NEWROUTE " + route);
    }

    /**
     * Adds the route next to existing routes to the same destination, table and metric that use
     * other next hops (NLM_F_CREATE without NLM_F_EXCL, as the reference plugins add IPAM routes);
     * an identical route is still an {@link dev.tether.natives.libc.AlreadyExistsException}.
     */
    public void addAlongside(Route route) {
        channel.request(RouteCodec.add(route, 0), "RTM_NEWROUTE " + route);
    }

    /** Adds the route or replaces the one with the same destination, table and metric. */
    public void replace(Route route) {
        channel.request(RouteCodec.add(route, NetlinkMessage.NLM_F_REPLACE), "RTM_NEWROUTE replace " + route);
    }

    /** @throws dev.tether.natives.libc.NotFoundException if no route matches */
    public void delete(Route route) {
        channel.request(RouteCodec.delete(route), "RTM_DELROUTE " + route);
    }

    /** The routes of the main table. */
    public List<Route> list(Family family) {
        return list(family, Route.TABLE_MAIN);
    }

    /** The routes of one table, or of every table with table 0. */
    public List<Route> list(Family family, int table) {
        List<Route> routes = RouteCodec.parseAll(channel.dump(RouteCodec.dump(family), "RTM_GETROUTE dump"));
        routes.removeIf(r -> !family.includes(r.family()) || (table != 0 && r.effectiveTable() != table));
        return routes;
    }
}
