package dev.tether.cni.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
        "10.1.0.5/16, 10.1.0.5/16",
        "0.0.0.0/0, 0.0.0.0/0",
        "FD00:0:0:0:0:0:0:5/64, fd00::5/64",
        "fd00:1:0:0:1:0:0:1/128, fd00:1::1:0:0:1/128",
        "2001:db8:0:1:1:1:1:1/64, 2001:db8:0:1:1:1:1:1/64",
        "::/0, ::/0",
        "0:0:0:0:0:0:0:1/128, ::1/128",
        "fe80:0:0:1:0:0:0:0/64, fe80:0:0:1::/64",
        "1:0:0:2:0:0:0:3/64, 1:0:0:2::3/64",
        "1:0:0:0:2:0:0:3/64, 1::2:0:0:3/64",
        "::ffff:10.0.0.1/120, 10.0.0.1/24"
    })
    void formatsCanonically(String in, String out) {
        assertEquals(out, Cidr.parse(in).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "10.0.0.256/8", "010.0.0.1/8",
        "fd00::/129", "fd00::1%eth0/64", "host.example/24", "10.0.0.0/8/8", "10.0.0.0/ 8", "/8", "::g/64", "1::2::3/64"})
    void rejectsWhatIsNotACidr(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains(text) || e.getMessage().contains("\""), e.getMessage());
    }

    @Test
    void neverLooksUpNames() {
        // "localhost" would resolve if the parser ever reached a lookup
        assertThrows(IllegalArgumentException.class, () -> Cidr.parseAddress("localhost"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parseAddress("1.2.3"));
    }

    @Test
    void networkAndContains() {
        Cidr cidr = Cidr.parse("10.1.200.5/17");
        assertEquals("10.1.128.0/17", cidr.network().toString());
        assertTrue(cidr.contains(Cidr.parseAddress("10.1.255.255")));
        assertFalse(cidr.contains(Cidr.parseAddress("10.1.127.255")));
        assertFalse(cidr.contains(Cidr.parseAddress("fd00::1")));
        assertEquals("fd00:1::/48", Cidr.parse("fd00:1:0:ffff::1/48").network().toString());
        assertTrue(Cidr.parse("10.0.0.1/24").isIpv4());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("::ffff:10.0.0.1/64"));
    }
}
