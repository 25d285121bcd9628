package dev.tether.natives.rtnl.route;

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

/** The bytes of route requests (RTM_NEWROUTE/DELROUTE/GETROUTE, struct rtmsg) and replies. */
final class RouteCodec {
    static final int RTMSG_LENGTH = 12;
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_PREFSRC = 7;
    static final int RTA_TABLE = 15;
    /** rtm_flags of a cached (cloned) route, not a configured one. */
    static final int RTM_F_CLONED = 0x200;

    private RouteCodec() {
    }

    /** RTM_NEWROUTE with NLM_F_CREATE and the given NLM_F_EXCL, NLM_F_REPLACE or nothing more. */
    static MessageWriter add(Route route, int createFlags) {
        MessageWriter w = MessageWriter.request(Rtm.NEWROUTE, NetlinkMessage.NLM_F_CREATE | createFlags);
        Scope defaultScope = route.gateway() == null ? Scope.LINK : Scope.UNIVERSE;
        rtmsg(w, route, route.protocol() != 0 ? route.protocol() : Route.PROTOCOL_BOOT,
                route.scope() != null ? route.scope() : defaultScope,
                route.type() != 0 ? route.type() : Route.TYPE_UNICAST);
        attributes(w, route);
        return w;
    }

    /** RTM_DELROUTE matching the fields given; an unset scope matches any (RT_SCOPE_NOWHERE). */
    static MessageWriter delete(Route route) {
        MessageWriter w = MessageWriter.request(Rtm.DELROUTE, 0);
        rtmsg(w, route, route.protocol(), route.scope() != null ? route.scope() : Scope.NOWHERE, route.type());
        attributes(w, route);
        return w;
    }

    static MessageWriter dump(Family family) {
        MessageWriter w = MessageWriter.dump(Rtm.GETROUTE);
        return w.u8(family.value()).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
    }

    /**
     * struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; }
     * Tables above 255 only fit in RTA_TABLE, which is always sent.
     */
    private static void rtmsg(MessageWriter w, Route route, int protocol, Scope scope, int type) {
        int table = route.effectiveTable();
        w.u8(route.family().value()).u8(route.destination().prefixLength()).u8(0).u8(0)
                .u8(table < 256 ? table : 0).u8(protocol).u8(scope.value()).u8(type).u32(0);
    }

    private static void attributes(MessageWriter w, Route route) {
        w.attrU32(RTA_TABLE, route.effectiveTable());
        if (!route.isDefault()) {
            w.attrAddress(RTA_DST, route.destination().firstAddress());
        }
        if (route.gateway() != null) {
            w.attrAddress(RTA_GATEWAY, route.gateway());
        }
        if (route.linkIndex() != 0) {
            w.attrU32(RTA_OIF, route.linkIndex());
        }
        if (route.source() != null) {
            w.attrAddress(RTA_PREFSRC, route.source());
        }
        if (route.priority() != 0) {
            w.attrU32(RTA_PRIORITY, route.priority());
        }
    }

    /** The route of an RTM_NEWROUTE message, or null for a cached route or a family other than IP. */
    static Route parse(NetlinkMessage message) {
        Attributes attrs = message.attributes(RTMSG_LENGTH);
        ByteBuffer h = message.payload();
        Family family = Family.of(Byte.toUnsignedInt(h.get(0)));
        if ((family != Family.IPV4 && family != Family.IPV6) || (h.getInt(8) & RTM_F_CLONED) != 0) {
            return null;
        }
        Attribute dst = attrs.get(RTA_DST);
        InetAddress destination = dst != null ? dst.inetAddress()
                : IpPrefix.parse(family == Family.IPV6 ? "::/0" : "0.0.0.0/0").address();
        return new Route(new IpPrefix(destination, Byte.toUnsignedInt(h.get(1))), address(attrs, RTA_GATEWAY),
                attrs.u32(RTA_OIF, 0), Scope.of(Byte.toUnsignedInt(h.get(6))),
                attrs.u32(RTA_TABLE, Byte.toUnsignedInt(h.get(4))), address(attrs, RTA_PREFSRC),
                attrs.u32(RTA_PRIORITY, 0), Byte.toUnsignedInt(h.get(5)), Byte.toUnsignedInt(h.get(7)));
    }

    static List<Route> parseAll(List<NetlinkMessage> messages) {
        List<Route> routes = new ArrayList<>(messages.size());
        for (NetlinkMessage m : messages) {
            Route route = m.type() == Rtm.NEWROUTE ? parse(m) : null;
            if (route != null) {
                routes.add(route);
            }
        }
        return routes;
    }

    private static InetAddress address(Attributes attrs, int type) {
        Attribute a = attrs.get(type);
        return a == null ? null : a.inetAddress();
    }
}
