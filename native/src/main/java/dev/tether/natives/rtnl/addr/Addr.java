package dev.tether.natives.rtnl.addr;

import java.net.InetAddress;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.Scope;

/**
 * An IPv4 or IPv6 address on a link.
 *
 * @param linkIndex index of the link the address is on
 * @param prefix    the address and its prefix length, e.g. 10.0.0.2/24
 * @param scope     its scope (UNIVERSE for ordinary addresses)
 * @param flags     IFA_F_* flags, see {@link AddrFlags}
 * @param peer      the other end of a point-to-point address, or null
 * @param broadcast the IPv4 broadcast address, or null (on add: computed for prefixes up to /30)
 * @param label     the IPv4 label (e.g. "eth0:1"), or null
 */
public record Addr(int linkIndex, IpPrefix prefix, Scope scope, int flags, InetAddress peer, InetAddress broadcast,
                   String label) {

    public Addr {
        if (prefix == null) {
            throw new IllegalArgumentException("an address needs a prefix");
        }
        scope = scope == null ? Scope.UNIVERSE : scope;
    }

    public static Addr of(int linkIndex, IpPrefix prefix) {
        return new Addr(linkIndex, prefix, Scope.UNIVERSE, 0, null, null, null);
    }

    public Family family() {
        return Family.of(prefix.address());
    }

    public InetAddress address() {
        return prefix.address();
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    public Addr withScope(Scope newScope) {
        return new Addr(linkIndex, prefix, newScope, flags, peer, broadcast, label);
    }

    public Addr withFlags(int newFlags) {
        return new Addr(linkIndex, prefix, scope, newFlags, peer, broadcast, label);
    }

    public Addr withPeer(InetAddress newPeer) {
        return new Addr(linkIndex, prefix, scope, flags, newPeer, broadcast, label);
    }

    public Addr withBroadcast(InetAddress newBroadcast) {
        return new Addr(linkIndex, prefix, scope, flags, peer, newBroadcast, label);
    }

    public Addr withLabel(String newLabel) {
        return new Addr(linkIndex, prefix, scope, flags, peer, broadcast, newLabel);
    }

    @Override
    public String toString() {
        return prefix + " dev " + linkIndex + " scope " + scope.name().toLowerCase()
                + (flags != 0 ? " flags 0x" + Integer.toHexString(flags) : "")
                + (peer != null ? " peer " + InetAddresses.format(peer) : "")
                + (broadcast != null ? " brd " + InetAddresses.format(broadcast) : "")
                + (label != null ? " label " + label : "");
    }
}
