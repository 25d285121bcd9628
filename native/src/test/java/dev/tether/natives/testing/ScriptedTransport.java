package dev.tether.natives.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;

import dev.tether.natives.netlink.NetlinkTransport;

/**
 * A transport that answers each request with scripted datagrams (built from the request's sequence
 * number and port, usually captured kernel replies restamped), and records what was sent. It stands
 * in for the kernel only in unit tests of the message layer's own logic.
 */
public final class ScriptedTransport implements NetlinkTransport {
    public static final int PORT = 4242;

    private final Deque<BiFunction<Integer, Integer, List<byte[]>>> script = new ArrayDeque<>();
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private final List<byte[]> sent = new ArrayList<>();
    private boolean closed;

    /** Answers the next request with these datagrams, given (seq, port). */
    public ScriptedTransport then(BiFunction<Integer, Integer, List<byte[]>> reply) {
        script.add(reply);
        return this;
    }

    /** Answers the next request with captured datagrams restamped with its seq and port. */
    public ScriptedTransport thenCaptured(List<byte[]> datagrams) {
        return then((seq, port) -> datagrams.stream().map(d -> Captured.restamp(d, seq, port)).toList());
    }

    /** Queues datagrams to be received before any reply (e.g. left over from an earlier request). */
    public ScriptedTransport pending(byte[] datagram) {
        pending.add(datagram);
        return this;
    }

    @Override
    public int portId() {
        return PORT;
    }

    @Override
    public void send(byte[] message) {
        sent.add(message);
        int seq = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).getInt(8);
        if (script.isEmpty()) {
            throw new AssertionError("unexpected request " + sent.size());
        }
        pending.addAll(script.poll().apply(seq, PORT));
    }

    @Override
    public ByteBuffer receive() {
        if (pending.isEmpty()) {
            throw new AssertionError("the code under test waits for a reply that the script does not have");
        }
        return ByteBuffer.wrap(pending.poll()).order(ByteOrder.nativeOrder());
    }

    public List<byte[]> sent() {
        return sent;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
