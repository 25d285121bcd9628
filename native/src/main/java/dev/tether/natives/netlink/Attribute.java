package dev.tether.natives.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.MacAddress;

/**
 * One netlink attribute: its type (without the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits) and its
 * value, a native-order buffer of exactly the value's length (no padding).
 */
public record Attribute(int type, ByteBuffer value) {
    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    static final int TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
    static final int HEADER_LENGTH = 4;

    public int length() {
        return value.remaining();
    }

    public int u8() {
        need(1);
        return Byte.toUnsignedInt(value.get(0));
    }

    public int u16() {
        need(2);
        return Short.toUnsignedInt(value.getShort(0));
    }

    /** A 16-bit value in network byte order (ports). */
    public int u16be() {
        need(2);
        return Short.toUnsignedInt(Short.reverseBytes(value.getShort(0)));
    }

    public int u32() {
        need(4);
        return value.getInt(0);
    }

    public long u64() {
        need(8);
        return value.getLong(0);
    }

    /** The value up to its terminating NUL (or its end). */
    public String string() {
        int end = 0;
        while (end < value.limit() && value.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        value.get(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public byte[] bytes() {
        byte[] bytes = new byte[value.remaining()];
        value.get(0, bytes);
        return bytes;
    }

    /** A 4- or 16-byte address. */
    public InetAddress inetAddress() {
        if (length() != 4 && length() != 16) {
            throw Malformed.error("attribute " + type + " has " + length() + " bytes, not an IP address");
        }
        return InetAddresses.fromBytes(bytes());
    }

    public MacAddress macAddress() {
        return MacAddress.of(bytes());
    }

    /** The attributes nested in this one. */
    public Attributes nested() {
        return Attributes.parse(value.duplicate().order(ByteOrder.nativeOrder()));
    }

    private void need(int bytes) {
        if (value.remaining() < bytes) {
            throw Malformed.error("attribute " + type + " has " + value.remaining() + " bytes, needs " + bytes);
        }
    }
}
