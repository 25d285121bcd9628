package dev.tether.natives.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MacAddressTest {

    @Test
    void parsesFormatsAndCompares() {
        MacAddress mac = MacAddress.parse("02:42:AC:11:00:02");
        assertEquals("02:42:ac:11:00:02", mac.toString());
        assertEquals(mac, MacAddress.of(new byte[] {2, 0x42, (byte) 0xac, 0x11, 0, 2}));
        assertEquals(mac.hashCode(), MacAddress.parse("02:42:ac:11:00:02").hashCode());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:42:ac:11:00"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02-42-ac-11-00-02"));
    }

    @Test
    void randomAddressesAreLocalUnicast() {
        for (int i = 0; i < 50; i++) {
            byte first = MacAddress.randomLocal().bytes()[0];
            assertEquals(0x02, first & 0x03);
        }
        assertNotEquals(MacAddress.randomLocal(), MacAddress.randomLocal());
    }
}
