package dev.tether.natives.rtnl.link;

import java.util.List;
import java.util.Optional;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.netlink.MessageWriter;
import dev.tether.natives.netlink.NetlinkChannel;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.netns.NetNs;

/**
 * Link operations in the namespace of one netlink channel (see {@code Netlink.links()}). Links are
 * named by their interface name; every failure is a {@link dev.tether.natives.libc.NativeException},
 * a missing link a {@link NotFoundException}, an existing one an
 * {@link dev.tether.natives.libc.AlreadyExistsException}. Thread-safe.
 */
public final class Links {
    private final NetlinkChannel channel;

    public Links(NetlinkChannel channel) {
        this.channel = channel;
    }

    /** Every link of the namespace. */
    public List<Link> list() {
        return LinkCodec.parseAll(channel.dump(LinkCodec.dump(), "RTM_GETLINK dump"));
    }

    /** @throws NotFoundException if there is no link of this name */
    public Link get(String name) {
        return single(channel.request(LinkCodec.getByName(name), "RTM_GETLINK " + name), name);
    }

    /** @throws NotFoundException if there is no link with this index */
    public Link get(int index) {
        return single(channel.request(LinkCodec.getByIndex(index), "RTM_GETLINK index " + index), "index " + index);
    }

    public Optional<Link> find(String name) {
        try {
            return Optional.of(get(name));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    public int indexOf(String name) {
        return get(name).index();
    }

    /**
     * Creates the link; {@link LinkAttrs} of the link (and of a veth's peer) say its name, MAC, MTU,
     * master and whether it starts up, and a veth's peer may be created directly in another namespace.
     */
    public void add(Link link) {
        channel.request(LinkCodec.create(link), "RTM_NEWLINK " + link.kind() + " " + link.name());
    }

    /** Deletes the link (a veth takes its peer with it). */
    public void delete(String name) {
        channel.request(LinkCodec.delete(name), "RTM_DELLINK " + name);
    }

    /** Deletes the link if it exists; returns whether it did. */
    public boolean deleteIfExists(String name) {
        try {
            delete(name);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    public void setUp(String name) {
        change(LinkCodec.setFlags(name, LinkFlags.UP, true), name, "up");
    }

    public void setDown(String name) {
        change(LinkCodec.setFlags(name, LinkFlags.UP, false), name, "down");
    }

    public void setPromiscuous(String name, boolean on) {
        change(LinkCodec.setFlags(name, LinkFlags.PROMISC, on), name, "promisc " + (on ? "on" : "off"));
    }

    public void setMtu(String name, int mtu) {
        change(LinkCodec.setMtu(name, mtu), name, "mtu " + mtu);
    }

    public void setMac(String name, MacAddress mac) {
        change(LinkCodec.setMac(name, mac), name, "address " + mac);
    }

    /** Enslaves the link to the master (e.g. a bridge) with this index. */
    public void setMaster(String name, int masterIndex) {
        change(LinkCodec.setMaster(name, masterIndex), name, "master index " + masterIndex);
    }

    /** Enslaves the link to the named master (e.g. a bridge). */
    public void setMaster(String name, String master) {
        setMaster(name, indexOf(master));
    }

    public void setNoMaster(String name) {
        change(LinkCodec.setMaster(name, 0), name, "nomaster");
    }

    public void rename(String name, String newName) {
        change(LinkCodec.rename(indexOf(name), newName), name, "name " + newName);
    }

    /** Moves the link into another namespace (it disappears from this one). */
    public void setNamespace(String name, NetNs target) {
        change(LinkCodec.setNamespace(name, target.fd()), name, "netns " + target.path());
    }

    /** Changes the non-null settings of a bridge port (the link must be enslaved to a bridge). */
    public void setBridgePort(String name, BridgePort settings) {
        change(LinkCodec.setBridgePort(name, settings), name, "type bridge_slave " + settings);
    }

    /** Changes the non-null options of a bridge. */
    public void setBridgeOptions(String name, BridgeOptions options) {
        change(LinkCodec.setBridgeOptions(name, options), name, "type bridge " + options);
    }

    private void change(MessageWriter request, String name, String what) {
        channel.request(request, "RTM_NEWLINK " + name + " " + what);
    }

    private static Link single(List<NetlinkMessage> reply, String what) {
        List<Link> links = LinkCodec.parseAll(reply);
        if (links.isEmpty()) {
            throw new NotFoundException(Errno.ENODEV, "RTM_GETLINK " + what, "no link in the reply");
        }
        return links.get(0);
    }
}
