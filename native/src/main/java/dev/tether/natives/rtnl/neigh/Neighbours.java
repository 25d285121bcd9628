package dev.tether.natives.rtnl.neigh;

import java.util.List;

import dev.tether.natives.netlink.NetlinkChannel;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.rtnl.Family;

/** Neighbour (ARP/NDP) and bridge FDB operations in the namespace of one netlink channel. Thread-safe. */
public final class Neighbours {
    private final NetlinkChannel channel;

    public Neighbours(NetlinkChannel channel) {
        this.channel = channel;
    }

    /** @throws dev.tether.natives.libc.AlreadyExistsException if the entry exists */
    public void add(Neigh neigh) {
        channel.request(NeighCodec.add(neigh, NetlinkMessage.NLM_F_EXCL), "RTM_NEWNEIGH " + neigh);
    }

    /** Adds the entry or replaces the existing one for the same address. */
    public void replace(Neigh neigh) {
        channel.request(NeighCodec.add(neigh, NetlinkMessage.NLM_F_REPLACE), "RTM_NEWNEIGH replace " + neigh);
    }

    /**
     * Adds an FDB entry alongside existing ones for the same MAC (e.g. several VXLAN remotes for
     * the all-zero MAC, for flooding).
     */
    public void append(Neigh neigh) {
        channel.request(NeighCodec.add(neigh, NetlinkMessage.NLM_F_APPEND), "RTM_NEWNEIGH append " + neigh);
    }

    /** @throws dev.tether.natives.libc.NotFoundException if there is no such entry */
    public void delete(Neigh neigh) {
        channel.request(NeighCodec.delete(neigh), "RTM_DELNEIGH " + neigh);
    }

    /**
     * The entries of a family (IPV4, IPV6, both with ALL, or BRIDGE for the FDB) on one link, or on
     * every link with linkIndex 0.
     */
    public List<Neigh> list(Family family, int linkIndex) {
        List<Neigh> entries = NeighCodec.parseAll(channel.dump(NeighCodec.dump(family), "RTM_GETNEIGH dump"));
        entries.removeIf(n -> !family.includes(n.family()) || (linkIndex != 0 && n.linkIndex() != linkIndex));
        return entries;
    }
}
