package dev.tether.natives.netlink;

import java.nio.ByteOrder;

import dev.tether.natives.libc.NativeException;

/**
 * The content of an NLMSG_ERROR (an ACK when error is 0) or NLMSG_DONE: the errno and the kernel's
 * extended-ack text (NLMSGERR_ATTR_MSG, plus a missing attribute's type when it says so).
 */
public record ErrorReply(int errno, String message) {
    public static final int NLMSGERR_ATTR_MSG = 1;
    public static final int NLMSGERR_ATTR_MISS_TYPE = 5;

    /** Parses an NLMSG_ERROR or NLMSG_DONE message. */
    public static ErrorReply parse(NetlinkMessage message) {
        var payload = message.payload().duplicate().order(ByteOrder.nativeOrder());
        if (payload.remaining() < 4) {
            if (message.type() == NetlinkMessage.NLMSG_DONE) {
                return new ErrorReply(0, null); // very old kernels send an empty DONE
            }
            throw Malformed.error("NLMSG_ERROR of " + payload.remaining() + " bytes");
        }
        int errno = -payload.getInt(0);
        if (!message.hasFlag(NetlinkMessage.NLM_F_ACK_TLVS)) {
            return new ErrorReply(errno, null);
        }
        int tlvOffset = 4;
        if (message.type() == NetlinkMessage.NLMSG_ERROR) {
            // struct nlmsgerr: error, then the request's header (capped) or the whole request.
            int echoed = NetlinkMessage.HEADER_LENGTH;
            if (!message.hasFlag(NetlinkMessage.NLM_F_CAPPED) && payload.remaining() >= 4 + NetlinkMessage.HEADER_LENGTH) {
                echoed = payload.getInt(4);
            }
            tlvOffset += NetlinkMessage.align(echoed);
        }
        if (tlvOffset > payload.limit()) {
            throw Malformed.error("extended ack at offset " + tlvOffset + " beyond a " + payload.limit() + "-byte error");
        }
        Attributes tlvs = Attributes.parse(payload.position(tlvOffset));
        return new ErrorReply(errno, describe(tlvs));
    }

    private static String describe(Attributes tlvs) {
        String text = tlvs.string(NLMSGERR_ATTR_MSG);
        Attribute missing = tlvs.get(NLMSGERR_ATTR_MISS_TYPE);
        if (missing != null) {
            String what = "missing attribute type " + missing.u32();
            text = text == null || text.isEmpty() ? what : text + " (" + what + ")";
        }
        return text == null || text.isEmpty() ? null : text;
    }

    public boolean isAck() {
        return errno == 0;
    }

    public NativeException toException(String operation) {
        return NativeException.of(errno, operation, message);
    }
}
