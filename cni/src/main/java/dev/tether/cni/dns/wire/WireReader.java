package dev.tether.cni.dns.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Bounds-checked reading of a DNS message; every overrun is a {@link MalformedMessageException}. */
final class WireReader {
    /** More pointer hops than a 255-byte name can need: a longer chain is a loop. */
    private static final int MAX_POINTERS = 127;

    private final byte[] data;
    private int position;

    WireReader(byte[] data) {
        this.data = data;
    }

    int position() {
        return position;
    }

    int remaining() {
        return data.length - position;
    }

    int u8(String what) throws MalformedMessageException {
        require(1, what);
        return data[position++] & 0xff;
    }

    int u16(String what) throws MalformedMessageException {
        require(2, what);
        int value = ((data[position] & 0xff) << 8) | (data[position + 1] & 0xff);
        position += 2;
        return value;
    }

    long u32(String what) throws MalformedMessageException {
        return ((long) u16(what) << 16) | u16(what);
    }

    byte[] bytes(int count, String what) throws MalformedMessageException {
        require(count, what);
        byte[] out = Arrays.copyOfRange(data, position, position + count);
        position += count;
        return out;
    }

    /**
     * A name, following compression pointers. A pointer must point before itself and the name
     * must stay within 255 bytes, so a crafted loop ends in an error, never in a hang.
     */
    DnsName name(String what) throws MalformedMessageException {
        List<String> labels = new ArrayList<>();
        int p = position;
        int resume = -1;
        int length = 1;
        int pointers = 0;
        while (true) {
            if (p >= data.length) {
                throw new MalformedMessageException(what + ": name runs past the end of the message");
            }
            int len = data[p] & 0xff;
            if ((len & 0xc0) == 0xc0) {
                if (p + 1 >= data.length) {
                    throw new MalformedMessageException(what + ": compression pointer cut off");
                }
                int target = ((len & 0x3f) << 8) | (data[p + 1] & 0xff);
                if (target >= p || ++pointers > MAX_POINTERS) {
                    throw new MalformedMessageException(what + ": compression pointer at " + p + " to " + target
                            + " does not point to an earlier name");
                }
                if (resume < 0) {
                    resume = p + 2;
                }
                p = target;
                continue;
            }
            if ((len & 0xc0) != 0) {
                throw new MalformedMessageException(what + ": unknown label type 0x" + Integer.toHexString(len & 0xc0));
            }
            p++;
            if (len == 0) {
                break;
            }
            if (p + len > data.length) {
                throw new MalformedMessageException(what + ": label runs past the end of the message");
            }
            length += len + 1;
            if (length > DnsName.MAX_WIRE_LENGTH) {
                throw new MalformedMessageException(what + ": name longer than " + DnsName.MAX_WIRE_LENGTH + " bytes");
            }
            labels.add(new String(data, p, len, StandardCharsets.ISO_8859_1));
            p += len;
        }
        position = resume >= 0 ? resume : p;
        return DnsName.fromLabels(labels);
    }

    void requireEnd(String what) throws MalformedMessageException {
        if (position != data.length) {
            throw new MalformedMessageException(what + ": " + (data.length - position) + " bytes left over");
        }
    }

    private void require(int count, String what) throws MalformedMessageException {
        if (count < 0 || position + count > data.length) {
            throw new MalformedMessageException(what + ": message ends after " + data.length + " bytes");
        }
    }
}
