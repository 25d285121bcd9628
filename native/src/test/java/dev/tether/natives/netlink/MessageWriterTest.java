package dev.tether.natives.netlink;

import static dev.tether.natives.testing.Captured.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.tether.natives.ip.InetAddresses;

class MessageWriterTest {

    @Test
    void headerCarriesLengthTypeFlagsSeqAndPort() {
        byte[] bytes = MessageWriter.request(18, 0).u32(7).toBytes(0x01020304, 99);
        assertArrayEquals(hex("""
                14000000 1200 0500 04030201 63000000   # len 20, type 18, REQUEST|ACK, seq, port 99
                07000000                               # payload
                """), bytes);
    }

    @Test
    void stringAttributeCountsItsNulButNotItsPadding() {
        byte[] bytes = new MessageWriter(16, 1).attrString(3, "eth0").attrU8(5, 1).toBytes(1, 0);
        assertArrayEquals(hex("""
                24000000 1000 0100 01000000 00000000   # len 36
                0900 0300 65746830 00 000000           # len 9 = 4 + "eth0\\0", padded to 12
                0500 0500 01 000000                    # u8: len 5, padded to 8
                """), bytes);
    }

    @Test
    void nestedLengthIncludesChildrenAndTheirPadding() {
        byte[] bytes = new MessageWriter(16, 1)
                .nested(18, outer -> outer.attrString(1, "veth").nested(2, inner -> inner.attrU16(1, 0x1234)))
                .toBytes(1, 0);
        assertArrayEquals(hex("""
                2c000000 1000 0100 01000000 00000000   # len 44
                1c00 1200                              # outer: 4 + 12 + 12 = 28
                  0900 0100 76657468 00 000000         #   kind "veth\\0" + 3 padding
                  0c00 0200                            #   inner: 4 + 8 (its child's padding included)
                    0600 0100 3412 0000                #     u16 + 2 padding
                """), bytes);
    }

    @Test
    void networkOrderAndAddressAttributes() {
        byte[] bytes = new MessageWriter(16, 1).attrU16be(15, 4789).attrAddress(1, InetAddresses.parse("10.1.2.3"))
                .toBytes(1, 0);
        assertArrayEquals(hex("""
                20000000 1000 0100 01000000 00000000
                0600 0f00 12b5 0000                    # 4789 = 0x12b5, big-endian
                0800 0100 0a010203
                """), bytes);
    }

    @Test
    void growsPastItsInitialBuffer() {
        MessageWriter writer = new MessageWriter(16, 1);
        for (int i = 0; i < 100; i++) {
            writer.attrU32(1, i);
        }
        byte[] bytes = writer.toBytes(1, 0);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        assertEquals(16 + 100 * 8, bytes.length);
        assertEquals(bytes.length, buf.getInt(0));
        assertEquals(99, buf.getInt(16 + 99 * 8 + 4));
        assertEquals(100, Attributes.parse(buf.position(16)).all().size());
    }
}
