package dev.tether.natives.rtnl.link;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.netlink.Attribute;
import dev.tether.natives.netlink.Attributes;
import dev.tether.natives.netlink.MessageWriter;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.rtnl.Rtm;

/** The bytes of link requests (RTM_NEWLINK/DELLINK/GETLINK, struct ifinfomsg) and replies. */
final class LinkCodec {
    private LinkCodec() {
    }

    // Requests.

    static MessageWriter create(Link link) {
        LinkAttrs attrs = link.attrs();
        int up = attrs.flags() & LinkFlags.UP;
        MessageWriter w = MessageWriter.request(Rtm.NEWLINK, NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL);
        ifinfomsg(w, 0, up, up);
        common(w, attrs);
        if (attrs.parentIndex() != 0) {
            w.attrU32(Ifla.LINK, attrs.parentIndex());
        }
        return w.nested(Ifla.LINKINFO, info -> {
            info.attrString(Ifla.INFO_KIND, link.kind());
            kindData(info, link);
        });
    }

    static MessageWriter getByName(String name) {
        MessageWriter w = MessageWriter.request(Rtm.GETLINK, 0);
        ifinfomsg(w, 0, 0, 0);
        return w.attrString(Ifla.IFNAME, name).attrU32(Ifla.EXT_MASK, Ifla.RTEXT_FILTER_SKIP_STATS);
    }

    static MessageWriter getByIndex(int index) {
        MessageWriter w = MessageWriter.request(Rtm.GETLINK, 0);
        ifinfomsg(w, index, 0, 0);
        return w.attrU32(Ifla.EXT_MASK, Ifla.RTEXT_FILTER_SKIP_STATS);
    }

    static MessageWriter dump() {
        MessageWriter w = MessageWriter.dump(Rtm.GETLINK);
        ifinfomsg(w, 0, 0, 0);
        return w.attrU32(Ifla.EXT_MASK, Ifla.RTEXT_FILTER_SKIP_STATS);
    }

    static MessageWriter delete(String name) {
        MessageWriter w = MessageWriter.request(Rtm.DELLINK, 0);
        ifinfomsg(w, 0, 0, 0);
        return w.attrString(Ifla.IFNAME, name);
    }

    /** Sets or clears IFF_* flags (e.g. UP, PROMISC) of the named link, leaving the others. */
    static MessageWriter setFlags(String name, int flags, boolean on) {
        return change(name, on ? flags : 0, flags);
    }

    static MessageWriter setMtu(String name, int mtu) {
        return change(name, 0, 0).attrU32(Ifla.MTU, mtu);
    }

    static MessageWriter setMac(String name, MacAddress mac) {
        return change(name, 0, 0).attrMac(Ifla.ADDRESS, mac);
    }

    /** Enslaves to the master of this index, or frees the link from its master with 0. */
    static MessageWriter setMaster(String name, int masterIndex) {
        return change(name, 0, 0).attrU32(Ifla.MASTER, masterIndex);
    }

    static MessageWriter rename(int index, String newName) {
        MessageWriter w = MessageWriter.request(Rtm.NEWLINK, 0);
        ifinfomsg(w, index, 0, 0);
        return w.attrString(Ifla.IFNAME, newName);
    }

    static MessageWriter setNamespace(String name, int namespaceFd) {
        return change(name, 0, 0).attrU32(Ifla.NET_NS_FD, namespaceFd);
    }

    static MessageWriter setBridgePort(String name, BridgePort port) {
        return change(name, 0, 0).nested(Ifla.LINKINFO, info -> info
                .attrString(Ifla.INFO_SLAVE_KIND, Bridge.KIND)
                .nested(Ifla.INFO_SLAVE_DATA, data -> {
                    putBool(data, Ifla.BRPORT_MODE, port.hairpin());
                    putBool(data, Ifla.BRPORT_LEARNING, port.learning());
                    putBool(data, Ifla.BRPORT_UNICAST_FLOOD, port.unicastFlood());
                    putBool(data, Ifla.BRPORT_ISOLATED, port.isolated());
                }));
    }

    static MessageWriter setBridgeOptions(String name, BridgeOptions options) {
        return change(name, 0, 0).nested(Ifla.LINKINFO, info -> info
                .attrString(Ifla.INFO_KIND, Bridge.KIND)
                .nested(Ifla.INFO_DATA, data -> bridgeData(data, options)));
    }

    /** An RTM_NEWLINK on an existing link (no NLM_F_CREATE), found by name. */
    private static MessageWriter change(String name, int flags, int change) {
        MessageWriter w = MessageWriter.request(Rtm.NEWLINK, 0);
        ifinfomsg(w, 0, flags, change);
        return w.attrString(Ifla.IFNAME, name);
    }

    /** struct ifinfomsg { u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change; } */
    private static void ifinfomsg(MessageWriter w, int index, int flags, int change) {
        w.u8(0).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    private static void common(MessageWriter w, LinkAttrs attrs) {
        w.attrString(Ifla.IFNAME, attrs.name());
        if (attrs.mac() != null) {
            w.attrMac(Ifla.ADDRESS, attrs.mac());
        }
        if (attrs.mtu() > 0) {
            w.attrU32(Ifla.MTU, attrs.mtu());
        }
        if (attrs.txQueueLength() > 0) {
            w.attrU32(Ifla.TXQLEN, attrs.txQueueLength());
        }
        if (attrs.masterIndex() > 0) {
            w.attrU32(Ifla.MASTER, attrs.masterIndex());
        }
    }

    private static void kindData(MessageWriter info, Link link) {
        if (link instanceof Veth veth) {
            info.nested(Ifla.INFO_DATA, data -> data.nested(Ifla.VETH_INFO_PEER, peer -> {
                int up = veth.peer().flags() & LinkFlags.UP;
                ifinfomsg(peer, 0, up, up); // VETH_INFO_PEER starts with a raw ifinfomsg
                common(peer, veth.peer());
                if (veth.peerNamespace() != null) {
                    peer.attrU32(Ifla.NET_NS_FD, veth.peerNamespace().fd());
                }
            }));
        } else if (link instanceof Bridge bridge) {
            BridgeOptions o = bridge.options();
            if (o.vlanFiltering() != null || o.stp() != null || o.multicastSnooping() != null) {
                info.nested(Ifla.INFO_DATA, data -> bridgeData(data, o));
            }
        } else if (link instanceof Vxlan vxlan) {
            info.nested(Ifla.INFO_DATA, data -> vxlanData(data, vxlan));
        } else if (link instanceof Macvlan macvlan && macvlan.mode() != null) {
            info.nested(Ifla.INFO_DATA, data -> data.attrU32(Ifla.MACVLAN_MODE, macvlan.mode().value()));
        }
    }

    private static void bridgeData(MessageWriter data, BridgeOptions o) {
        if (o.stp() != null) {
            data.attrU32(Ifla.BR_STP_STATE, o.stp() ? 1 : 0);
        }
        putBool(data, Ifla.BR_VLAN_FILTERING, o.vlanFiltering());
        putBool(data, Ifla.BR_MCAST_SNOOPING, o.multicastSnooping());
    }

    private static void vxlanData(MessageWriter data, Vxlan v) {
        data.attrU32(Ifla.VXLAN_ID, v.vni());
        if (v.vtepIndex() > 0) {
            data.attrU32(Ifla.VXLAN_LINK, v.vtepIndex());
        }
        putAddress(data, Ifla.VXLAN_LOCAL, Ifla.VXLAN_LOCAL6, v.local());
        putAddress(data, Ifla.VXLAN_GROUP, Ifla.VXLAN_GROUP6, v.group());
        if (v.port() > 0) {
            data.attrU16be(Ifla.VXLAN_PORT, v.port());
        }
        putBool(data, Ifla.VXLAN_LEARNING, v.learning());
    }

    private static void putAddress(MessageWriter w, int v4Type, int v6Type, InetAddress address) {
        if (address != null) {
            w.attrAddress(InetAddresses.isIpv6(address) ? v6Type : v4Type, address);
        }
    }

    private static void putBool(MessageWriter w, int type, Boolean value) {
        if (value != null) {
            w.attrU8(type, value ? 1 : 0);
        }
    }

    // Replies.

    /** A link from an RTM_NEWLINK message (a GETLINK reply or a dump entry). */
    static Link parse(NetlinkMessage message) {
        ByteBuffer header = message.payload();
        Attributes attrs = message.attributes(Ifla.IFINFOMSG_LENGTH);
        Attributes info = attrs.nested(Ifla.LINKINFO);
        Attribute address = attrs.get(Ifla.ADDRESS);
        LinkAttrs common = new LinkAttrs(header.getInt(4), attrs.string(Ifla.IFNAME),
                address == null || address.length() == 0 ? null : address.macAddress(),
                attrs.u32(Ifla.MTU, 0), header.getInt(8), attrs.u32(Ifla.MASTER, 0), attrs.u32(Ifla.LINK, 0),
                OperState.of(attrs.u8(Ifla.OPERSTATE, 0)), attrs.u32(Ifla.TXQLEN, 0), bridgePort(info));
        String kind = info.string(Ifla.INFO_KIND);
        Attributes data = info.nested(Ifla.INFO_DATA);
        if (kind == null) {
            return new GenericLink(common, "");
        }
        return switch (kind) {
            case Veth.KIND -> new Veth(common, peerOf(common), null);
            case Bridge.KIND -> new Bridge(common, new BridgeOptions(bool(data, Ifla.BR_VLAN_FILTERING),
                    data.has(Ifla.BR_STP_STATE) ? data.u32(Ifla.BR_STP_STATE, 0) != 0 : null,
                    bool(data, Ifla.BR_MCAST_SNOOPING)));
            case Vxlan.KIND -> new Vxlan(common, data.u32(Ifla.VXLAN_ID, 0),
                    address(data, Ifla.VXLAN_LOCAL, Ifla.VXLAN_LOCAL6), address(data, Ifla.VXLAN_GROUP, Ifla.VXLAN_GROUP6),
                    data.u32(Ifla.VXLAN_LINK, 0), data.has(Ifla.VXLAN_PORT) ? data.get(Ifla.VXLAN_PORT).u16be() : 0,
                    bool(data, Ifla.VXLAN_LEARNING));
            case Macvlan.KIND -> new Macvlan(common, MacvlanMode.of(data.u32(Ifla.MACVLAN_MODE, 0)));
            default -> new GenericLink(common, kind);
        };
    }

    private static LinkAttrs peerOf(LinkAttrs veth) {
        return new LinkAttrs(veth.parentIndex(), null, null, 0, 0, 0, 0, OperState.UNKNOWN, 0, null);
    }

    private static BridgePort bridgePort(Attributes info) {
        if (!Bridge.KIND.equals(info.string(Ifla.INFO_SLAVE_KIND))) {
            return null;
        }
        Attributes port = info.nested(Ifla.INFO_SLAVE_DATA);
        return new BridgePort(bool(port, Ifla.BRPORT_MODE), bool(port, Ifla.BRPORT_ISOLATED),
                bool(port, Ifla.BRPORT_LEARNING), bool(port, Ifla.BRPORT_UNICAST_FLOOD));
    }

    private static Boolean bool(Attributes attrs, int type) {
        Attribute a = attrs.get(type);
        return a == null ? null : a.u8() != 0;
    }

    private static InetAddress address(Attributes attrs, int v4Type, int v6Type) {
        Attribute a = attrs.has(v4Type) ? attrs.get(v4Type) : attrs.get(v6Type);
        return a == null ? null : a.inetAddress();
    }

    static List<Link> parseAll(List<NetlinkMessage> messages) {
        List<Link> links = new ArrayList<>(messages.size());
        for (NetlinkMessage m : messages) {
            if (m.type() == Rtm.NEWLINK) {
                links.add(parse(m));
            }
        }
        return links;
    }
}
