package dev.tether.natives.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "FD00:0:0:0:0:0:0:1, fd00::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    })
    void parsesAndPrintsCanonically(String in, String out) {
        assertEquals(out, IpAddress.parse(in).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.256", "010.0.0.1", "10.0.0.01", "1.2.3.4.5", "example.com", "localhost",
        "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "10.0.0.1/24", " 10.0.0.1", "::g", "::ffff:10.1.2.3"})
    void rejectsNonLiterals(String in) {
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(in));
    }

    @Test
    void leadingZerosAndMappedAddressesAreExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("010.0.0.1")).getMessage()
                .contains("leading zero"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("::ffff:10.1.2.3")).getMessage()
                .contains("write it as IPv4"));
    }

    @Test
    void arithmeticAndOrder() {
        IpAddress a = IpAddress.parse("10.0.0.255");
        assertEquals("10.0.1.0", a.next().toString());
        assertEquals("10.0.0.254", a.previous().toString());
        assertEquals(BigInteger.valueOf(3), a.countTo(IpAddress.parse("10.0.1.1")));
        assertEquals(BigInteger.ZERO, a.countTo(IpAddress.parse("10.0.0.1")));
        assertTrue(IpAddress.parse("255.255.255.255").isMax());
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("255.255.255.255").next());
        assertTrue(IpAddress.parse("10.0.0.1").compareTo(IpAddress.parse("::1")) < 0, "IPv4 sorts before IPv6");
        assertEquals("fd00::1:0", IpAddress.parse("fd00::ffff").next().toString());
        assertEquals(IpAddress.parse("fd00::1"), IpAddress.ofBytes(IpAddress.parse("fd00::1").toBytes()));
        assertFalse(IpAddress.parse("10.0.0.1").sameFamily(IpAddress.parse("::a00:1")));
        assertEquals(IpAddress.parse("fd00::1"), IpAddress.of(IpAddress.parse("fd00::1").toInetAddress()));
        assertEquals(IpAddress.parse("10.1.2.3"), IpAddress.ofBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 1, 2, 3}),
                "16 IPv4-mapped bytes are the IPv4 address, as InetAddress reads them");
    }
}
