package dev.tether.natives.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-built kernel replies for unit tests: headers, ACKs, errors with extended ack, DONE. */
public final class Replies {
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_CAPPED = 0x100;
    public static final int NLM_F_ACK_TLVS = 0x200;

    private Replies() {
    }

    /** One message: header plus payload, padded to 4 bytes. */
    public static byte[] message(int type, int flags, int seq, int port, byte[] payload) {
        int length = 16 + payload.length;
        ByteBuffer buf = ByteBuffer.allocate((length + 3) & ~3).order(ByteOrder.nativeOrder());
        buf.putInt(length).putShort((short) type).putShort((short) flags).putInt(seq).putInt(port).put(payload);
        return buf.array();
    }

    /** Several messages in one datagram. */
    public static byte[] datagram(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.writeBytes(m);
        }
        return out.toByteArray();
    }

    public static byte[] ack(int seq, int port) {
        return error(seq, port, 0, null);
    }

    /** A capped NLMSG_ERROR (-errno, the request's header) with an NLMSGERR_ATTR_MSG if text is given. */
    public static byte[] error(int seq, int port, int errno, String text) {
        ByteBuffer payload = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        payload.putInt(-errno).putInt(16).putShort((short) 0).putShort((short) 0).putInt(seq).putInt(port);
        int flags = NLM_F_CAPPED;
        if (text != null) {
            flags |= NLM_F_ACK_TLVS;
            putStringAttr(payload, 1, text);
        }
        return message(NLMSG_ERROR, flags, seq, port, java.util.Arrays.copyOf(payload.array(), payload.position()));
    }

    /** NLMSG_DONE of a dump, with the given extra flags (e.g. NLM_F_DUMP_INTR). */
    public static byte[] done(int seq, int port, int flags) {
        return message(NLMSG_DONE, NLM_F_MULTI | flags, seq, port, new byte[4]);
    }

    static void putStringAttr(ByteBuffer buf, int type, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buf.putShort((short) (4 + bytes.length + 1)).putShort((short) type).put(bytes).put((byte) 0);
        while (buf.position() % 4 != 0) {
            buf.put((byte) 0);
        }
    }
}
