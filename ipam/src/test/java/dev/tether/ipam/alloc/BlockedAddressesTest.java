package dev.tether.ipam.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.ipam.config.Range;
import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockedAddressesTest {
    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Test
    void mergesGatewayNetworkBroadcastAndExcludesClippedToTheRange() {
        Range r = new Range(IpPrefix.parse("10.0.0.0/24"), ip("10.0.0.0"), ip("10.0.0.255"), ip("10.0.0.1"));
        List<IpPrefix> exclude = List.of(IpPrefix.parse("10.0.0.2/31"), IpPrefix.parse("10.0.0.128/25"),
                IpPrefix.parse("10.0.1.0/24"), IpPrefix.parse("fd00::/64"));
        BlockedAddresses b = new BlockedAddresses(r, exclude);
        assertEquals(ip("10.0.0.3"), b.endOfBlockAt(ip("10.0.0.0")), "network, gateway and .2/31 merge");
        assertNull(b.endOfBlockAt(ip("10.0.0.4")));
        assertEquals(ip("10.0.0.255"), b.endOfBlockAt(ip("10.0.0.130")));
        assertEquals(BigInteger.valueOf(4 + 128), b.count());
        assertTrue(BlockedAddresses.reason(r, exclude, ip("10.0.0.1")).contains("gateway"));
        assertTrue(BlockedAddresses.reason(r, exclude, ip("10.0.0.255")).contains("broadcast"));
        assertTrue(BlockedAddresses.reason(r, exclude, ip("10.0.0.0")).contains("network address"));
        assertTrue(BlockedAddresses.reason(r, exclude, ip("10.0.0.200")).contains("10.0.0.128/25"));
        assertNull(BlockedAddresses.reason(r, exclude, ip("10.0.0.9")));
    }

    @Test
    void ipv6BlocksSubnetRouterAnycastAndGatewayButNotTheLastAddress() {
        Range r = new Range(IpPrefix.parse("fd00::/64"), ip("fd00::"), ip("fd00::ffff:ffff:ffff:ffff"), ip("fd00::1"));
        BlockedAddresses b = new BlockedAddresses(r, List.of());
        assertEquals(ip("fd00::1"), b.endOfBlockAt(ip("fd00::")));
        assertNull(b.endOfBlockAt(ip("fd00::ffff:ffff:ffff:ffff")));
    }
}
