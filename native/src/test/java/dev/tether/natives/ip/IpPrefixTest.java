package dev.tether.natives.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpPrefixTest {

    @Test
    void parsesAndFormatsBothFamilies() {
        IpPrefix v4 = IpPrefix.parse("10.1.2.3/24");
        assertEquals(InetAddresses.parse("10.1.2.3"), v4.address());
        assertEquals(24, v4.prefixLength());
        assertEquals("10.1.2.3/24", v4.toString());
        assertFalse(v4.isIpv6());
        IpPrefix v6 = IpPrefix.parse("FD00:0:0:0::1/64");
        assertEquals("fd00::1/64", v6.toString());
        assertTrue(v6.isIpv6());
        assertEquals(128, v6.maxLength());
    }

    @Test
    void networkFirstLastAndNetmask() {
        IpPrefix p = IpPrefix.parse("10.1.2.3/22");
        assertEquals(IpPrefix.parse("10.1.0.0/22"), p.network());
        assertEquals(InetAddresses.parse("10.1.3.255"), p.lastAddress());
        assertEquals(InetAddresses.parse("255.255.252.0"), p.netmask());
        assertEquals(BigInteger.valueOf(1024), p.size());
        assertEquals(InetAddresses.parse("10.1.1.4"), p.addressAt(BigInteger.valueOf(260)));
        assertThrows(IllegalArgumentException.class, () -> p.addressAt(BigInteger.valueOf(1024)));
        IpPrefix v6 = IpPrefix.parse("fd00:1:2:3::9/64");
        assertEquals("fd00:1:2:3::/64", v6.network().toString());
        assertEquals(InetAddresses.parse("fd00:1:2:3:ffff:ffff:ffff:ffff"), v6.lastAddress());
        assertEquals(BigInteger.ONE.shiftLeft(64), v6.size());
    }

    @Test
    void containsAndOverlaps() {
        IpPrefix net = IpPrefix.parse("10.1.0.0/16");
        assertTrue(net.contains(InetAddresses.parse("10.1.255.1")));
        assertFalse(net.contains(InetAddresses.parse("10.2.0.1")));
        assertFalse(net.contains(InetAddresses.parse("::a01:1")));
        assertTrue(net.contains(IpPrefix.parse("10.1.2.0/24")));
        assertFalse(IpPrefix.parse("10.1.2.0/24").contains(net));
        assertTrue(IpPrefix.parse("10.1.2.0/24").overlaps(net));
        assertFalse(IpPrefix.parse("10.3.0.0/16").overlaps(net));
        assertTrue(IpPrefix.parse("0.0.0.0/0").contains(InetAddresses.parse("192.168.1.1")));
        assertTrue(IpPrefix.parse("fd00::/8").contains(InetAddresses.parse("fdff::1")));
    }

    @Test
    void numericViewForAddressArithmetic() {
        IpPrefix p = IpPrefix.parse("10.1.2.3/22");
        assertTrue(p.hasHostBits());
        assertFalse(p.network().hasHostBits());
        assertEquals(IpAddress.parse("10.1.2.3"), p.ip());
        assertEquals(IpAddress.parse("10.1.0.0"), p.firstIp());
        assertEquals(IpAddress.parse("10.1.3.255"), p.lastIp());
        assertTrue(p.contains(IpAddress.parse("10.1.3.7")));
        assertFalse(p.contains(IpAddress.parse("10.1.4.0")));
        assertFalse(p.contains(IpAddress.parse("::a01:307")), "another family");
        assertEquals("fd00::ffff:ffff:ffff:ffff", IpPrefix.parse("fd00::/64").lastIp().toString());
        assertEquals("10.1.2.9/22", IpPrefix.of(IpAddress.parse("10.1.2.9"), 22).toString());
        assertEquals("10.0.0.5/32", IpPrefix.parseAddressOrPrefix("10.0.0.5").toString());
        assertEquals("fd00::5/128", IpPrefix.parseAddressOrPrefix("fd00::5").toString());
        assertEquals("10.0.0.0/8", IpPrefix.parseAddressOrPrefix("10.0.0.0/8").toString());
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parseAddressOrPrefix("nope"));
    }

    @Test
    void hostPrefix() {
        assertEquals("10.0.0.1/32", IpPrefix.host(InetAddresses.parse("10.0.0.1")).toString());
        assertEquals("::1/128", IpPrefix.host(InetAddresses.parse("::1")).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "10.0.0.1/33", "10.0.0.1/-1", "10.0.0.1/", "10.0.0.1/2a", "fd00::1/129",
            "host.example/24", "10.0.0/24", "10.0.0.256/24", "/24", "10.0.0.1/0024"})
    void rejectsBadPrefixesWithAClearMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(text));
        assertTrue(e.getMessage().contains("'") || e.getMessage().contains("prefix length"), e.getMessage());
    }
}
