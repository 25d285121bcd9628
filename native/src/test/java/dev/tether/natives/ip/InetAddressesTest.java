package dev.tether.natives.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.Inet6Address;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InetAddressesTest {

    @ParameterizedTest
    @CsvSource({"fd00:0:0:0:0:0:0:1, fd00::1", "0:0:0:0:0:0:0:0, ::", "0:0:0:0:0:0:0:1, ::1",
            "fe80:0:0:0:1:0:0:1, fe80::1:0:0:1", "1:0:0:2:0:0:0:3, 1:0:0:2::3", "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7", "2001:DB8:0:0:1:0:0:0, 2001:db8:0:0:1::"})
    void formatsIpv6TheRfc5952Way(String input, String expected) {
        assertEquals(expected, InetAddresses.format(InetAddresses.parse(input)));
    }

    @Test
    void parsesLiteralsOnly() {
        assertEquals("192.168.0.1", InetAddresses.format(InetAddresses.parse("192.168.0.1")));
        assertTrue(InetAddresses.parse("::1") instanceof Inet6Address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "1.2.3.-4", "1..2.3", "fd00::g",
            "fd00:::1", " 1.2.3.4", "::ffff:1.2.3.4"})
    void rejectsNonLiterals(String text) {
        assertThrows(IllegalArgumentException.class, () -> InetAddresses.parse(text));
    }

    @Test
    void arithmetic() {
        assertEquals(InetAddresses.parse("10.0.1.0"), InetAddresses.add(InetAddresses.parse("10.0.0.255"), 1));
        assertEquals(InetAddresses.parse("fd00::ffff"), InetAddresses.add(InetAddresses.parse("fd00::1:0"), -1));
        assertEquals(BigInteger.valueOf(0x0a000001L), InetAddresses.toBigInteger(InetAddresses.parse("10.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> InetAddresses.add(InetAddresses.parse("255.255.255.255"), 1));
    }
}
