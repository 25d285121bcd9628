package dev.tether.natives.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One netlink message as received: the nlmsghdr fields and the payload after the 16-byte header
 * (a read-only, native-order buffer positioned at 0).
 */
public record NetlinkMessage(int type, int flags, int seq, int portId, ByteBuffer payload) {
    public static final int HEADER_LENGTH = 16;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_APPEND = 0x800;
    /** In an NLMSG_ERROR: only the header of the request was echoed (NETLINK_CAP_ACK). */
    public static final int NLM_F_CAPPED = 0x100;
    /** In an NLMSG_ERROR or NLMSG_DONE: extended-ack attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    /** Rounds up to the 4-byte alignment of netlink messages and attributes. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    /** Splits a datagram into its messages. */
    public static List<NetlinkMessage> parseAll(ByteBuffer datagram) {
        ByteBuffer buf = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>(4);
        while (buf.remaining() >= HEADER_LENGTH) {
            int start = buf.position();
            int length = buf.getInt(start);
            if (length < HEADER_LENGTH || length > buf.remaining()) {
                throw Malformed.error("message length " + length + " at offset " + start + " with "
                        + buf.remaining() + " bytes left");
            }
            ByteBuffer payload = buf.duplicate().position(start + HEADER_LENGTH).limit(start + length)
                    .slice().asReadOnlyBuffer().order(ByteOrder.nativeOrder());
            messages.add(new NetlinkMessage(Short.toUnsignedInt(buf.getShort(start + 4)),
                    Short.toUnsignedInt(buf.getShort(start + 6)), buf.getInt(start + 8), buf.getInt(start + 12),
                    payload));
            buf.position(Math.min(start + align(length), buf.limit()));
        }
        return messages;
    }

    /** Splits a datagram given as bytes (as captured from the kernel) into its messages. */
    public static List<NetlinkMessage> parseAll(byte[] datagram) {
        return parseAll(ByteBuffer.wrap(datagram));
    }

    /** The payload's attributes, after a fixed header of the given length (e.g. 16 for ifinfomsg). */
    public Attributes attributes(int fixedHeaderLength) {
        if (payload.remaining() < fixedHeaderLength) {
            throw Malformed.error("payload of " + payload.remaining() + " bytes is shorter than its "
                    + fixedHeaderLength + "-byte header (message type " + type + ")");
        }
        int start = Math.min(align(fixedHeaderLength), payload.limit());
        return Attributes.parse(payload.duplicate().position(start).order(ByteOrder.nativeOrder()));
    }
}
