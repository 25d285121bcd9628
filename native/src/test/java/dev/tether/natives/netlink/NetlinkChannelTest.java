package dev.tether.natives.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.testing.Captured;
import dev.tether.natives.testing.Replies;
import dev.tether.natives.testing.ScriptedTransport;

/** The request/ACK/dump logic over scripted kernel replies (captured ones where possible). */
class NetlinkChannelTest {
    private static final int NEWLINK = 16;

    private final ScriptedTransport kernel = new ScriptedTransport();
    private final NetlinkChannel channel = new NetlinkChannel(kernel);

    private static MessageWriter getLink() {
        return MessageWriter.request(18, 0).u32(0);
    }

    private static MessageWriter dumpLinks() {
        return MessageWriter.dump(18).u32(0);
    }

    private static byte[] link(int seq, int port, int flags) {
        return Replies.message(NEWLINK, flags, seq, port, new byte[16]);
    }

    @Test
    void requestReturnsTheDataBeforeTheAck() {
        kernel.thenCaptured(Captured.datagrams("getlink-veth0"));
        List<NetlinkMessage> reply = channel.request(getLink(), "RTM_GETLINK veth0");
        assertEquals(1, reply.size());
        assertEquals(NEWLINK, reply.get(0).type());
    }

    @Test
    void requestStampsSeqAndPortAndNumbersRequestsApart() {
        kernel.then((seq, port) -> List.of(Replies.ack(seq, port))).then((seq, port) -> List.of(Replies.ack(seq, port)));
        channel.request(getLink(), "first");
        channel.request(getLink(), "second");
        ByteBuffer first = ByteBuffer.wrap(kernel.sent().get(0)).order(ByteOrder.nativeOrder());
        ByteBuffer second = ByteBuffer.wrap(kernel.sent().get(1)).order(ByteOrder.nativeOrder());
        assertEquals(ScriptedTransport.PORT, first.getInt(12));
        assertEquals(first.getInt(8) + 1, second.getInt(8));
    }

    @Test
    void errorsAreTypedAndCarryTheKernelText() {
        kernel.thenCaptured(Captured.datagrams("dellink-enodev"))
                .then((seq, port) -> List.of(Replies.error(seq, port, Errno.EEXIST, "already there")))
                .thenCaptured(Captured.datagrams("newlink-mtu10-error"));
        NotFoundException gone = assertThrows(NotFoundException.class, () -> channel.request(getLink(), "RTM_DELLINK nope"));
        assertEquals("RTM_DELLINK nope: No such device (ENODEV)", gone.getMessage());
        AlreadyExistsException exists = assertThrows(AlreadyExistsException.class,
                () -> channel.request(getLink(), "RTM_NEWLINK veth tt0"));
        assertEquals("RTM_NEWLINK veth tt0: File exists (EEXIST): already there", exists.getMessage());
        NativeException invalid = assertThrows(NativeException.class, () -> channel.request(getLink(), "RTM_NEWLINK veth0 mtu 10"));
        assertEquals(Errno.EINVAL, invalid.errno());
        assertEquals("mtu less than device minimum", invalid.detail().orElseThrow());
    }

    @Test
    void skipsMessagesOfOtherRequestsAndPorts() {
        kernel.pending(Replies.datagram(link(1, ScriptedTransport.PORT, 2), Replies.done(1, ScriptedTransport.PORT, 0)))
                .then((seq, port) -> List.of(Replies.datagram(Replies.error(seq, port + 1, Errno.EPERM, null),
                        link(seq, port, 0), Replies.ack(seq, port))));
        List<NetlinkMessage> reply = channel.request(getLink(), "RTM_GETLINK");
        assertEquals(1, reply.size());
    }

    @Test
    void dumpGathersMultipartDatagramsUntilDone() {
        kernel.then((seq, port) -> List.of(
                Replies.datagram(link(seq, port, 2), link(seq, port, 2)),
                Replies.datagram(link(seq, port, 2)),
                Replies.done(seq, port, 0)));
        assertEquals(3, channel.dump(dumpLinks(), "RTM_GETLINK dump").size());
    }

    @Test
    void dumpOfCapturedRepliesEndsAtDone() {
        kernel.thenCaptured(Captured.datagrams("getaddr-dump"));
        List<NetlinkMessage> reply = channel.dump(dumpLinks(), "RTM_GETADDR dump");
        assertEquals(1, reply.size());
        assertEquals(20, reply.get(0).type()); // RTM_NEWADDR
    }

    @Test
    void interruptedDumpIsRepeated() {
        kernel.then((seq, port) -> List.of(Replies.datagram(link(seq, port, 2 | 0x10), Replies.done(seq, port, 0x10))))
                .then((seq, port) -> List.of(Replies.datagram(link(seq, port, 2), link(seq, port, 2),
                        Replies.done(seq, port, 0))));
        assertEquals(2, channel.dump(dumpLinks(), "RTM_GETLINK dump").size());
        assertEquals(2, kernel.sent().size());
    }

    @Test
    void dumpThatKeepsBeingInterruptedFails() {
        for (int i = 0; i < NetlinkChannel.DUMP_ATTEMPTS; i++) {
            kernel.then((seq, port) -> List.of(Replies.datagram(link(seq, port, 2 | 0x10), Replies.done(seq, port, 0x10))));
        }
        NativeException e = assertThrows(NativeException.class, () -> channel.dump(dumpLinks(), "RTM_GETLINK dump"));
        assertEquals(Errno.EINTR, e.errno());
        assertTrue(e.getMessage().startsWith("RTM_GETLINK dump: Interrupted system call (EINTR): dump interrupted"));
    }

    @Test
    void dumpErrorInDoneIsThrown() {
        kernel.then((seq, port) -> List.of(Replies.datagram(link(seq, port, 2),
                Replies.message(Replies.NLMSG_DONE, 2, seq, port, new byte[] {(byte) -Errno.EINVAL, -1, -1, -1}))));
        NativeException e = assertThrows(NativeException.class, () -> channel.dump(dumpLinks(), "RTM_GETLINK dump"));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void refusesRequestsWithTheWrongFlags() {
        assertThrows(IllegalArgumentException.class, () -> channel.request(new MessageWriter(18, 1), "no ack"));
        assertThrows(IllegalArgumentException.class, () -> channel.dump(getLink(), "not a dump"));
    }

    @Test
    void closeClosesTheTransport() {
        channel.close();
        assertTrue(kernel.closed());
    }
}
