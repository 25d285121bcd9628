package dev.tether.natives.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

import dev.tether.natives.ip.MacAddress;

/**
 * Builds one netlink request: the 16-byte header, a fixed struct written field by field, then
 * attributes (4-byte aligned; a string's length counts its NUL but not the padding; a nested
 * attribute's length includes its children's padding). The header's length, sequence number and
 * port id are filled in by {@link #toBytes}.
 */
public final class MessageWriter {
    private final int type;
    private final int flags;
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    public MessageWriter(int type, int flags) {
        this.type = type;
        this.flags = flags;
        buf.position(NetlinkMessage.HEADER_LENGTH);
    }

    /** A change request that the kernel acknowledges: NLM_F_REQUEST | NLM_F_ACK | extraFlags. */
    public static MessageWriter request(int type, int extraFlags) {
        return new MessageWriter(type, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK | extraFlags);
    }

    /** A dump request: NLM_F_REQUEST | NLM_F_DUMP. */
    public static MessageWriter dump(int type) {
        return new MessageWriter(type, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP);
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    // Fixed-struct fields, written as is (the struct's own layout decides any padding).

    public MessageWriter u8(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    public MessageWriter u16(int value) {
        ensure(2).putShort((short) value);
        return this;
    }

    public MessageWriter u32(int value) {
        ensure(4).putInt(value);
        return this;
    }

    // Attributes.

    public MessageWriter attr(int attrType, byte[] value) {
        int start = beginAttr(attrType);
        ensure(value.length).put(value);
        return endAttr(start);
    }

    public MessageWriter attrU8(int attrType, int value) {
        int start = beginAttr(attrType);
        u8(value);
        return endAttr(start);
    }

    public MessageWriter attrU16(int attrType, int value) {
        int start = beginAttr(attrType);
        u16(value);
        return endAttr(start);
    }

    /** A 16-bit value in network byte order (ports). */
    public MessageWriter attrU16be(int attrType, int value) {
        int start = beginAttr(attrType);
        ensure(2).putShort(Short.reverseBytes((short) value));
        return endAttr(start);
    }

    public MessageWriter attrU32(int attrType, int value) {
        int start = beginAttr(attrType);
        u32(value);
        return endAttr(start);
    }

    /** A NUL-terminated string. */
    public MessageWriter attrString(int attrType, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attr(attrType, Arrays.copyOf(bytes, bytes.length + 1));
    }

    /** An attribute without a value (a flag). */
    public MessageWriter attrFlag(int attrType) {
        return endAttr(beginAttr(attrType));
    }

    public MessageWriter attrAddress(int attrType, InetAddress address) {
        return attr(attrType, address.getAddress());
    }

    public MessageWriter attrMac(int attrType, MacAddress mac) {
        return attr(attrType, mac.bytes());
    }

    /** A nested attribute whose content the body writes (attributes, or a struct then attributes). */
    public MessageWriter nested(int attrType, Consumer<MessageWriter> body) {
        int start = beginAttr(attrType);
        body.accept(this);
        return endAttr(start);
    }

    /** The finished message: header filled in, total length a multiple of 4. */
    public byte[] toBytes(int seq, int portId) {
        pad();
        int length = buf.position();
        buf.putInt(0, length).putShort(4, (short) type).putShort(6, (short) flags).putInt(8, seq).putInt(12, portId);
        return Arrays.copyOf(buf.array(), length);
    }

    private int beginAttr(int attrType) {
        pad();
        int start = buf.position();
        ensure(4).putShort((short) 0).putShort((short) attrType);
        return start;
    }

    private MessageWriter endAttr(int start) {
        buf.putShort(start, (short) (buf.position() - start));
        pad();
        return this;
    }

    private void pad() {
        int aligned = NetlinkMessage.align(buf.position());
        ensure(aligned - buf.position());
        while (buf.position() < aligned) {
            buf.put((byte) 0);
        }
    }

    private ByteBuffer ensure(int bytes) {
        if (buf.remaining() < bytes) {
            int capacity = Math.max(buf.capacity() * 2, buf.position() + bytes);
            ByteBuffer bigger = ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
            bigger.put(buf.array(), 0, buf.position());
            buf = bigger;
        }
        return buf;
    }
}
