package dev.tether.natives.ip;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** A link-layer address, usually 6 bytes (Ethernet), formatted as "02:42:ac:11:00:02". */
public final class MacAddress {
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("a hardware address needs at least one byte");
        }
        return new MacAddress(bytes.clone());
    }

    /** Parses an Ethernet address: six colon-separated hex bytes, e.g. "02:42:ac:11:00:02". */
    public static MacAddress parse(String text) {
        if (text == null || !text.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address (expected e.g. 02:42:ac:11:00:02)");
        }
        return new MacAddress(COLONS.parseHex(text));
    }

    /** A random unicast, locally administered Ethernet address (what the kernel gives a new veth). */
    public static MacAddress randomLocal() {
        byte[] bytes = new byte[6];
        Random.INSTANCE.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0xfe) | 0x02);
        return new MacAddress(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress mac && Arrays.equals(bytes, mac.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return COLONS.formatHex(bytes);
    }

    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
}
