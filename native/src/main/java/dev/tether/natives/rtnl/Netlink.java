package dev.tether.natives.rtnl;

import dev.tether.natives.netlink.NetlinkChannel;
import dev.tether.natives.netlink.NetlinkSocket;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.addr.Addresses;
import dev.tether.natives.rtnl.link.Links;
import dev.tether.natives.rtnl.neigh.Neighbours;
import dev.tether.natives.rtnl.route.Routes;

/**
 * rtnetlink operations bound to one network namespace: one NETLINK_ROUTE socket opened inside the
 * namespace (on a platform thread), then used from any thread. Thread-safe; requests are
 * serialized per instance. Close it to release the socket.
 *
 * <pre>{@code
 * try (NetNs ns = NetNs.named("blue"); Netlink nl = Netlink.open(ns)) {
 *     nl.links().add(Bridge.named("br0"));
 *     nl.links().setUp("br0");
 * }
 * }</pre>
 */
public final class Netlink implements AutoCloseable {
    private final NetlinkChannel channel;
    private final Links links;
    private final Addresses addresses;
    private final Routes routes;
    private final Neighbours neighbours;

    private Netlink(NetlinkChannel channel) {
        this.channel = channel;
        this.links = new Links(channel);
        this.addresses = new Addresses(channel);
        this.routes = new Routes(channel);
        this.neighbours = new Neighbours(channel);
    }

    /** Opens an rtnetlink socket inside the namespace. The handle may be closed afterwards. */
    public static Netlink open(NetNs namespace) {
        return new Netlink(new NetlinkChannel(namespace.call(() -> NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE))));
    }

    public Links links() {
        return links;
    }

    public Addresses addresses() {
        return addresses;
    }

    public Routes routes() {
        return routes;
    }

    public Neighbours neighbours() {
        return neighbours;
    }

    @Override
    public void close() {
        channel.close();
    }
}
