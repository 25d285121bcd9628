package dev.tether.cni.dns.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a DNS message; names are compressed against the names written before them (RFC 1035 4.1.4). */
final class WireWriter {
    /** Offsets beyond this cannot be the target of a 14-bit pointer. */
    private static final int MAX_POINTER_TARGET = 0x3fff;

    private byte[] buffer;
    private int size;
    /** Suffixes written so far (exact case, so answers keep the case they were written in) by offset. */
    private final Map<String, Integer> suffixes = new HashMap<>();

    WireWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    void u16(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    void u32(long value) {
        u16((int) (value >>> 16) & 0xffff);
        u16((int) value & 0xffff);
    }

    void bytes(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, buffer, size, data.length);
        size += data.length;
    }

    /** Overwrites a u16 written earlier (a length or a count). */
    void u16At(int offset, int value) {
        buffer[offset] = (byte) (value >>> 8);
        buffer[offset + 1] = (byte) value;
    }

    /** A name, ending in a pointer to the longest suffix already written. */
    void name(DnsName name) {
        List<String> labels = name.labels();
        for (int i = 0; i < labels.size(); i++) {
            String suffix = suffixKey(labels.subList(i, labels.size()));
            Integer earlier = suffixes.get(suffix);
            if (earlier != null) {
                u16(0xc000 | earlier);
                return;
            }
            if (size <= MAX_POINTER_TARGET) {
                suffixes.put(suffix, size);
            }
            label(labels.get(i));
        }
        u8(0);
    }

    /** Each label behind its length: labels may hold any byte, so no separator is safe. */
    private static String suffixKey(List<String> labels) {
        StringBuilder key = new StringBuilder();
        labels.forEach(label -> key.append((char) label.length()).append(label));
        return key.toString();
    }

    /** A name in full (rdata that must not depend on the rest of the message). */
    void uncompressedName(DnsName name) {
        name.labels().forEach(this::label);
        u8(0);
    }

    private void label(String label) {
        u8(label.length());
        bytes(label.getBytes(StandardCharsets.ISO_8859_1));
    }

    byte[] toBytes() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
