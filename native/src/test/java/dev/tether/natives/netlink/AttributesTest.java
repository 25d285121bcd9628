package dev.tether.natives.netlink;

import static dev.tether.natives.testing.Captured.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;

class AttributesTest {

    private static Attributes parse(String listing) {
        return Attributes.parse(ByteBuffer.wrap(hex(listing)).order(ByteOrder.nativeOrder()));
    }

    @Test
    void readsValuesAcrossPadding() {
        Attributes attrs = parse("""
                0900 0300 65746830 00 000000     # string "eth0"
                0500 1000 06 000000              # u8 6
                0800 0400 dc050000               # u32 1500
                0600 0f00 12b5 0000              # u16 big-endian 4789
                """);
        assertEquals("eth0", attrs.string(3));
        assertEquals(6, attrs.u8(16, -1));
        assertEquals(1500, attrs.u32(4, -1));
        assertEquals(4789, attrs.get(15).u16be());
        assertEquals(-1, attrs.u32(99, -1));
        assertNull(attrs.get(99));
        assertFalse(attrs.has(99));
    }

    @Test
    void parsesNestedAttributesAndMasksTheNestedFlag() {
        Attributes attrs = parse("""
                1800 1280                        # type 18 | NLA_F_NESTED, length 24
                  0900 0100 76657468 00 000000
                  0800 0200
                    0400 0100                    # empty flag attribute
                0800 0400 dc050000
                """);
        Attributes linkinfo = attrs.nested(18);
        assertEquals("veth", linkinfo.string(1));
        assertTrue(linkinfo.nested(2).has(1));
        assertEquals(0, linkinfo.nested(2).get(1).length());
        assertEquals(1500, attrs.u32(4, 0));
        assertTrue(attrs.nested(77).all().isEmpty());
    }

    @Test
    void lastOfRepeatedTypeWinsAndAllKeepsOrder() {
        Attributes attrs = parse("""
                0800 0100 01000000
                0800 0100 02000000
                """);
        assertEquals(2, attrs.u32(1, 0));
        assertEquals(2, attrs.all().size());
        assertEquals(1, attrs.all().get(0).u32());
    }

    @Test
    void lastAttributeMayOmitItsPadding() {
        assertEquals(1, parse("0500 0700 01").u8(7, 0));
    }

    @Test
    void rejectsLengthsThatOverrunTheBuffer() {
        NativeException e = assertThrows(NativeException.class, () -> parse("1000 0100 01000000"));
        assertEquals(Errno.EBADMSG, e.errno());
        assertThrows(NativeException.class, () -> parse("0200 0100"));
    }

    @Test
    void rejectsValuesTooShortForTheirType() {
        NativeException e = assertThrows(NativeException.class, () -> parse("0600 0100 0100").get(1).u32());
        assertTrue(e.getMessage().contains("attribute 1 has 2 bytes, needs 4"), e.getMessage());
    }
}
