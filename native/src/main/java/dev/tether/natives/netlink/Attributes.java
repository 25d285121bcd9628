package dev.tether.natives.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The attributes of one level of a message, in order; lookups by type return the last one. */
public final class Attributes {
    private final List<Attribute> all;

    private Attributes(List<Attribute> all) {
        this.all = all;
    }

    /** Parses the attributes from the buffer's position to its limit. */
    public static Attributes parse(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate().order(ByteOrder.nativeOrder());
        List<Attribute> list = new ArrayList<>();
        while (buf.remaining() >= Attribute.HEADER_LENGTH) {
            int start = buf.position();
            int length = Short.toUnsignedInt(buf.getShort(start));
            int type = Short.toUnsignedInt(buf.getShort(start + 2)) & Attribute.TYPE_MASK;
            if (length < Attribute.HEADER_LENGTH || length > buf.remaining()) {
                throw Malformed.error("attribute type " + type + " length " + length + " at offset " + start
                        + " with " + buf.remaining() + " bytes left");
            }
            ByteBuffer value = buf.duplicate().position(start + Attribute.HEADER_LENGTH).limit(start + length)
                    .slice().order(ByteOrder.nativeOrder());
            list.add(new Attribute(type, value));
            buf.position(Math.min(start + NetlinkMessage.align(length), buf.limit()));
        }
        return new Attributes(Collections.unmodifiableList(list));
    }

    public List<Attribute> all() {
        return all;
    }

    /** The last attribute of this type, or null. */
    public Attribute get(int type) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).type() == type) {
                return all.get(i);
            }
        }
        return null;
    }

    public boolean has(int type) {
        return get(type) != null;
    }

    public String string(int type) {
        Attribute a = get(type);
        return a == null ? null : a.string();
    }

    public int u8(int type, int absent) {
        Attribute a = get(type);
        return a == null ? absent : a.u8();
    }

    public int u32(int type, int absent) {
        Attribute a = get(type);
        return a == null ? absent : a.u32();
    }

    /** The nested attributes of this type, or an empty set. */
    public Attributes nested(int type) {
        Attribute a = get(type);
        return a == null ? new Attributes(List.of()) : a.nested();
    }
}
