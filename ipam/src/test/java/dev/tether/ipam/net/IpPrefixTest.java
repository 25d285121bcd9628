package dev.tether.ipam.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.natives.ip.IpAddress;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The prefix type of the allocator (numeric first/last/contains on {@link IpAddress}). */
class IpPrefixTest {

    @Test
    void prefixes() {
        IpPrefix p = IpPrefix.parse("10.1.2.3/22");
        assertTrue(p.hasHostBits());
        assertEquals("10.1.0.0/22", p.network().toString());
        assertEquals("10.1.3.255", p.last().toString());
        assertTrue(p.contains(IpAddress.parse("10.1.3.7")));
        assertFalse(p.contains(IpAddress.parse("10.1.4.0")));
        assertEquals(BigInteger.valueOf(1024), p.size());
        assertEquals("fd00::/64", IpPrefix.parse("fd00::5/64").network().toString());
        assertEquals("fd00::ffff:ffff:ffff:ffff", IpPrefix.parse("fd00::/64").last().toString());
        assertEquals("10.0.0.5/32", IpPrefix.parseAddressOrCidr("10.0.0.5").toString());
        assertEquals("fd00::5/128", IpPrefix.parseAddressOrCidr("fd00::5").toString());
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.0.0.0"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.0.0.0/x"));
        assertEquals("0.0.0.0/0", IpPrefix.parse("0.0.0.0/0").toString());
    }
}
