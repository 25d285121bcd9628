package dev.tether.natives.rtnl.addr;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.netlink.Attribute;
import dev.tether.natives.netlink.Attributes;
import dev.tether.natives.netlink.MessageWriter;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.Rtm;
import dev.tether.natives.rtnl.Scope;

/** The bytes of address requests (RTM_NEWADDR/DELADDR/GETADDR, struct ifaddrmsg) and replies. */
final class AddrCodec {
    static final int IFADDRMSG_LENGTH = 8;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_BROADCAST = 4;
    static final int IFA_FLAGS = 8;

    private AddrCodec() {
    }

    /** RTM_NEWADDR with NLM_F_CREATE and the given NLM_F_EXCL or NLM_F_REPLACE. */
    static MessageWriter add(Addr addr, int createFlags) {
        MessageWriter w = MessageWriter.request(Rtm.NEWADDR, NetlinkMessage.NLM_F_CREATE | createFlags);
        ifaddrmsg(w, addr);
        attributes(w, addr);
        InetAddress broadcast = addr.broadcast();
        if (broadcast == null && !addr.prefix().isIpv6() && addr.peer() == null && addr.prefix().prefixLength() < 31) {
            broadcast = addr.prefix().lastAddress();
        }
        if (broadcast != null) {
            w.attrAddress(IFA_BROADCAST, broadcast);
        }
        if (addr.flags() != 0) {
            w.attrU32(IFA_FLAGS, addr.flags());
        }
        return w;
    }

    static MessageWriter delete(Addr addr) {
        MessageWriter w = MessageWriter.request(Rtm.DELADDR, 0);
        ifaddrmsg(w, addr);
        attributes(w, addr);
        return w;
    }

    static MessageWriter dump(Family family) {
        MessageWriter w = MessageWriter.dump(Rtm.GETADDR);
        return w.u8(family.value()).u8(0).u8(0).u8(0).u32(0);
    }

    /** struct ifaddrmsg { u8 family; u8 prefixlen; u8 flags; u8 scope; u32 index; } */
    private static void ifaddrmsg(MessageWriter w, Addr addr) {
        w.u8(addr.family().value()).u8(addr.prefix().prefixLength()).u8(addr.flags() & 0xff)
                .u8(addr.scope().value()).u32(addr.linkIndex());
    }

    /** IFA_LOCAL is the address, IFA_ADDRESS the peer (or the address again), as iproute2 sends them. */
    private static void attributes(MessageWriter w, Addr addr) {
        w.attrAddress(IFA_LOCAL, addr.address());
        w.attrAddress(IFA_ADDRESS, addr.peer() != null ? addr.peer() : addr.address());
        if (addr.label() != null) {
            w.attrString(IFA_LABEL, addr.label());
        }
    }

    static Addr parse(NetlinkMessage message) {
        Attributes attrs = message.attributes(IFADDRMSG_LENGTH);
        ByteBuffer header = message.payload();
        Attribute local = attrs.get(IFA_LOCAL);
        Attribute address = attrs.get(IFA_ADDRESS);
        InetAddress ip = (local != null ? local : address).inetAddress();
        InetAddress peer = local != null && address != null && !address.inetAddress().equals(ip) ? address.inetAddress() : null;
        Attribute broadcast = attrs.get(IFA_BROADCAST);
        return new Addr(header.getInt(4), new IpPrefix(ip, Byte.toUnsignedInt(header.get(1))),
                Scope.of(Byte.toUnsignedInt(header.get(3))), attrs.u32(IFA_FLAGS, Byte.toUnsignedInt(header.get(2))),
                peer, broadcast == null ? null : broadcast.inetAddress(), attrs.string(IFA_LABEL));
    }

    static List<Addr> parseAll(List<NetlinkMessage> messages) {
        List<Addr> addrs = new ArrayList<>(messages.size());
        for (NetlinkMessage m : messages) {
            if (m.type() == Rtm.NEWADDR) {
                addrs.add(parse(m));
            }
        }
        return addrs;
    }
}
