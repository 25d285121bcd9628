package dev.tether.natives.rtnl.route;

import static dev.tether.natives.testing.Captured.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.rtnl.Scope;
import dev.tether.natives.testing.Captured;

class RouteCodecTest {

    @Test
    void addRequestUsesTheNetworkAddressAndIproute2Defaults() {
        Route route = Route.to(IpPrefix.parse("10.7.1.1/16")).withGateway(InetAddresses.parse("10.1.2.1")).withLink(3);
        assertArrayEquals(hex("""
                3c000000 1800 0506 01000000 00000000   # RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE
                02 10 00 00 fe 03 00 01 00000000       # AF_INET /16, table main, boot, universe, unicast
                0800 0f00 fe000000                     # RTA_TABLE
                0800 0100 0a070000                     # RTA_DST 10.7.0.0
                0800 0500 0a010201                     # RTA_GATEWAY
                0800 0400 03000000                     # RTA_OIF
                """), RouteCodec.add(route, NetlinkMessage.NLM_F_EXCL).toBytes(1, 0));
    }

    @Test
    void routeWithoutGatewayHasLinkScope() {
        byte[] bytes = RouteCodec.add(Route.to(IpPrefix.parse("10.9.0.0/24")).withLink(2), NetlinkMessage.NLM_F_EXCL)
                .toBytes(1, 0);
        assertEquals(Scope.LINK.value(), Byte.toUnsignedInt(bytes[16 + 6]));
    }

    @Test
    void deleteOfADefaultRouteInATableMatchesAnyScope() {
        Route route = Route.defaultVia(InetAddresses.parse("fe80::1")).withTable(1000);
        assertArrayEquals(hex("""
                38000000 1900 0500 01000000 00000000   # RTM_DELROUTE
                0a 00 00 00 00 00 ff 00 00000000       # AF_INET6 /0, table in RTA_TABLE, scope nowhere
                0800 0f00 e8030000                     # RTA_TABLE 1000
                1400 0500 fe800000000000000000000000000001
                """), RouteCodec.delete(route).toBytes(1, 0));
    }

    @Test
    void parsesACapturedDumpOfEveryTable() {
        List<Route> routes = RouteCodec.parseAll(NetlinkMessage.parseAll(Captured.datagrams("getroute-dump").get(0)));
        assertEquals(4, routes.size());
        Route connected = routes.stream().filter(r -> r.destination().equals(IpPrefix.parse("10.1.2.0/24"))
                && r.effectiveTable() == Route.TABLE_MAIN).findFirst().orElseThrow();
        assertEquals(Scope.LINK, connected.scope());
        assertEquals(Route.PROTOCOL_KERNEL, connected.protocol());
        assertEquals(InetAddresses.parse("10.1.2.3"), connected.source());
        assertEquals(3, connected.linkIndex());
        Route via = routes.stream().filter(r -> r.gateway() != null).findFirst().orElseThrow();
        assertEquals(IpPrefix.parse("10.7.0.0/16"), via.destination());
        assertEquals(InetAddresses.parse("10.1.2.1"), via.gateway());
        assertEquals(Route.PROTOCOL_BOOT, via.protocol());
        assertEquals(2, routes.stream().filter(r -> r.table() == Route.TABLE_LOCAL).count());
    }

    @Test
    void refusesMixedFamilies() {
        assertThrows(IllegalArgumentException.class,
                () -> Route.to(IpPrefix.parse("10.0.0.0/8")).withGateway(InetAddresses.parse("fe80::1")));
    }
}
