package dev.tether.natives.rtnl.neigh;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.tether.natives.netlink.Attribute;
import dev.tether.natives.netlink.Attributes;
import dev.tether.natives.netlink.MessageWriter;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.Rtm;

/** The bytes of neighbour requests (RTM_NEWNEIGH/DELNEIGH/GETNEIGH, struct ndmsg) and replies. */
final class NeighCodec {
    static final int NDMSG_LENGTH = 12;
    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;
    static final int NDA_VLAN = 5;
    static final int NDA_VNI = 7;
    static final int NDA_MASTER = 9;

    private NeighCodec() {
    }

    /** RTM_NEWNEIGH with NLM_F_CREATE and the given NLM_F_EXCL, NLM_F_REPLACE or NLM_F_APPEND. */
    static MessageWriter add(Neigh neigh, int createFlags) {
        MessageWriter w = MessageWriter.request(Rtm.NEWNEIGH, NetlinkMessage.NLM_F_CREATE | createFlags);
        ndmsg(w, neigh);
        return attributes(w, neigh);
    }

    static MessageWriter delete(Neigh neigh) {
        MessageWriter w = MessageWriter.request(Rtm.DELNEIGH, 0);
        ndmsg(w, neigh);
        return attributes(w, neigh);
    }

    static MessageWriter dump(Family family) {
        MessageWriter w = MessageWriter.dump(Rtm.GETNEIGH);
        return w.u8(family.value()).u8(0).u16(0).u32(0).u16(0).u8(0).u8(0);
    }

    /** struct ndmsg { u8 family; u8 pad1; u16 pad2; s32 ifindex; u16 state; u8 flags; u8 type; } */
    private static void ndmsg(MessageWriter w, Neigh n) {
        w.u8(n.family().value()).u8(0).u16(0).u32(n.linkIndex()).u16(n.state()).u8(n.flags()).u8(0);
    }

    private static MessageWriter attributes(MessageWriter w, Neigh n) {
        if (n.ip() != null) {
            w.attrAddress(NDA_DST, n.ip());
        }
        if (n.mac() != null) {
            w.attrMac(NDA_LLADDR, n.mac());
        }
        if (n.masterIndex() != 0) {
            w.attrU32(NDA_MASTER, n.masterIndex());
        }
        if (n.vlan() != 0) {
            w.attrU16(NDA_VLAN, n.vlan());
        }
        if (n.vni() != 0) {
            w.attrU32(NDA_VNI, n.vni());
        }
        return w;
    }

    /** The entry of an RTM_NEWNEIGH message, or null for a family other than IPv4, IPv6, bridge. */
    static Neigh parse(NetlinkMessage message) {
        Attributes attrs = message.attributes(NDMSG_LENGTH);
        ByteBuffer h = message.payload();
        Family family = Family.of(Byte.toUnsignedInt(h.get(0)));
        if (family == Family.ALL) {
            return null;
        }
        Attribute dst = attrs.get(NDA_DST);
        Attribute mac = attrs.get(NDA_LLADDR);
        Attribute vlan = attrs.get(NDA_VLAN);
        return new Neigh(h.getInt(4), family, dst == null ? null : dst.inetAddress(),
                mac == null || mac.length() == 0 ? null : mac.macAddress(), Short.toUnsignedInt(h.getShort(8)),
                Byte.toUnsignedInt(h.get(10)), attrs.u32(NDA_MASTER, 0), vlan == null ? 0 : vlan.u16(),
                attrs.u32(NDA_VNI, 0));
    }

    static List<Neigh> parseAll(List<NetlinkMessage> messages) {
        List<Neigh> entries = new ArrayList<>(messages.size());
        for (NetlinkMessage m : messages) {
            Neigh neigh = m.type() == Rtm.NEWNEIGH ? parse(m) : null;
            if (neigh != null) {
                entries.add(neigh);
            }
        }
        return entries;
    }
}
