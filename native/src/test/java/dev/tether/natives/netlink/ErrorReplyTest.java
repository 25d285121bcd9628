package dev.tether.natives.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.testing.Captured;
import dev.tether.natives.testing.Replies;

class ErrorReplyTest {

    private static NetlinkMessage single(byte[] datagram) {
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(datagram);
        assertEquals(1, messages.size());
        return messages.get(0);
    }

    @Test
    void capturedErrorWithExtendedAck() {
        NetlinkMessage m = single(Captured.datagrams("newlink-mtu10-error").get(0));
        assertEquals(NetlinkMessage.NLMSG_ERROR, m.type());
        assertTrue(m.hasFlag(NetlinkMessage.NLM_F_CAPPED | NetlinkMessage.NLM_F_ACK_TLVS));
        ErrorReply reply = ErrorReply.parse(m);
        assertEquals(Errno.EINVAL, reply.errno());
        assertEquals("mtu less than device minimum", reply.message());
        assertEquals("RTM_NEWLINK veth0 mtu 10: Invalid argument (EINVAL): mtu less than device minimum",
                reply.toException("RTM_NEWLINK veth0 mtu 10").getMessage());
    }

    @Test
    void capturedErrorWithoutTextBecomesNotFound() {
        ErrorReply reply = ErrorReply.parse(single(Captured.datagrams("dellink-enodev").get(0)));
        assertEquals(Errno.ENODEV, reply.errno());
        assertNull(reply.message());
        NativeException e = reply.toException("RTM_DELLINK nope");
        assertInstanceOf(NotFoundException.class, e);
        assertEquals("RTM_DELLINK nope: No such device (ENODEV)", e.getMessage());
    }

    @Test
    void capturedAckIsErrorZero() {
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(Captured.datagrams("getlink-veth0").get(1));
        assertTrue(ErrorReply.parse(messages.get(0)).isAck());
    }

    @Test
    void uncappedErrorSkipsTheEchoedRequestBeforeItsAttributes() {
        // Without NETLINK_CAP_ACK the kernel echoes the whole request (here 24 bytes) before the TLVs.
        ByteBuffer payload = ByteBuffer.allocate(4 + 24 + 12).order(ByteOrder.nativeOrder());
        payload.putInt(-Errno.EEXIST).putInt(24).putShort((short) 16).putShort((short) 0x605).putInt(7).putInt(0)
                .putInt(0x12345678).putInt(0x9abcdef0);
        payload.putShort((short) 8).putShort((short) ErrorReply.NLMSGERR_ATTR_MSG).put("dup".getBytes()).put((byte) 0);
        payload.putShort((short) 4).putShort((short) 99);
        NetlinkMessage m = single(Replies.message(NetlinkMessage.NLMSG_ERROR, NetlinkMessage.NLM_F_ACK_TLVS, 7, 1,
                payload.array()));
        ErrorReply reply = ErrorReply.parse(m);
        assertEquals(Errno.EEXIST, reply.errno());
        assertEquals("dup", reply.message());
    }

    @Test
    void missingAttributeIsNamed() {
        ByteBuffer payload = ByteBuffer.allocate(4 + 16 + 8).order(ByteOrder.nativeOrder());
        payload.putInt(-Errno.EINVAL).putInt(16).putInt(0).putInt(0).putInt(0);
        payload.putShort((short) 8).putShort((short) ErrorReply.NLMSGERR_ATTR_MISS_TYPE).putInt(3);
        NetlinkMessage m = single(Replies.message(NetlinkMessage.NLMSG_ERROR,
                NetlinkMessage.NLM_F_CAPPED | NetlinkMessage.NLM_F_ACK_TLVS, 1, 1, payload.array()));
        assertEquals("missing attribute type 3", ErrorReply.parse(m).message());
    }

    @Test
    void doneCarriesADumpError() {
        ByteBuffer payload = ByteBuffer.allocate(4 + 12).order(ByteOrder.nativeOrder());
        payload.putInt(-Errno.EOPNOTSUPP);
        payload.putShort((short) 9).putShort((short) ErrorReply.NLMSGERR_ATTR_MSG).put("nope".getBytes()).put((byte) 0);
        NetlinkMessage m = single(Replies.message(NetlinkMessage.NLMSG_DONE,
                NetlinkMessage.NLM_F_MULTI | NetlinkMessage.NLM_F_ACK_TLVS, 1, 1, payload.array()));
        ErrorReply reply = ErrorReply.parse(m);
        assertEquals(Errno.EOPNOTSUPP, reply.errno());
        assertEquals("nope", reply.message());
    }
}
