package dev.tether.natives.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Datagrams captured from the kernel (src/test/resources/captured, see its README). */
public final class Captured {
    /** The sequence number and port id the captured replies carry. */
    public static final int SEQ = 42;
    public static final int PORT = 0x8195cbf4;

    private Captured() {
    }

    /** The datagrams of a capture file, one per line of hex. */
    public static List<byte[]> datagrams(String name) {
        try (InputStream in = Captured.class.getResourceAsStream("/captured/" + name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().filter(l -> !l.isBlank())
                    .map(l -> HexFormat.of().parseHex(l.strip())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the datagram with every message's nlmsg_seq and nlmsg_pid replaced. */
    public static byte[] restamp(byte[] datagram, int seq, int portId) {
        byte[] copy = datagram.clone();
        ByteBuffer buf = ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder());
        int offset = 0;
        while (offset + 16 <= copy.length) {
            int length = buf.getInt(offset);
            buf.putInt(offset + 8, seq).putInt(offset + 12, portId);
            offset += (length + 3) & ~3;
        }
        return copy;
    }

    /** Hex with the spaces, newlines and '#' comments of a test's expected-bytes listing removed. */
    public static byte[] hex(String listing) {
        StringBuilder digits = new StringBuilder();
        for (String line : listing.split("\n")) {
            int comment = line.indexOf('#');
            digits.append((comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(digits.toString());
    }
}
