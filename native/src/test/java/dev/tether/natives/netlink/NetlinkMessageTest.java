package dev.tether.natives.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tether.natives.libc.NativeException;
import dev.tether.natives.testing.Captured;
import dev.tether.natives.testing.Replies;

class NetlinkMessageTest {

    @Test
    void alignsToFourBytes() {
        assertEquals(0, NetlinkMessage.align(0));
        assertEquals(4, NetlinkMessage.align(1));
        assertEquals(4, NetlinkMessage.align(4));
        assertEquals(12, NetlinkMessage.align(9));
    }

    @Test
    void splitsACapturedDumpDatagram() {
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(Captured.datagrams("getneigh-dump").get(0));
        assertEquals(2, messages.size());
        assertEquals(28, messages.get(0).type()); // RTM_NEWNEIGH
        assertEquals(NetlinkMessage.NLMSG_DONE, messages.get(1).type());
        for (NetlinkMessage m : messages) {
            assertEquals(Captured.SEQ, m.seq());
            assertEquals(Captured.PORT, m.portId());
            assertEquals(NetlinkMessage.NLM_F_MULTI, m.flags());
        }
        assertEquals(76 - 16, messages.get(0).payload().remaining());
    }

    @Test
    void splitsMessagesWhosePayloadNeedsPadding() {
        byte[] datagram = Replies.datagram(Replies.message(99, 0, 1, 1, new byte[] {1, 2, 3}),
                Replies.message(98, 0, 2, 1, new byte[] {4}));
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(datagram);
        assertEquals(2, messages.size());
        assertEquals(3, messages.get(0).payload().remaining());
        assertEquals(98, messages.get(1).type());
        assertEquals(4, messages.get(1).payload().get(0));
    }

    @Test
    void rejectsATruncatedMessage() {
        byte[] message = Replies.message(99, 0, 1, 1, new byte[8]);
        byte[] truncated = java.util.Arrays.copyOf(message, 20);
        assertThrows(NativeException.class, () -> NetlinkMessage.parseAll(truncated));
    }
}
