package dev.tether.natives.netlink;

import java.util.List;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;

/**
 * Request/response over one netlink socket: numbers each request, checks sequence and port id of
 * the replies, turns NLMSG_ERROR into typed exceptions and repeats dumps the kernel flags as
 * interrupted. Thread-safe: requests on one channel are serialized.
 */
public final class NetlinkChannel implements AutoCloseable {
    /** How often a dump is repeated when the kernel keeps flagging it inconsistent. */
    static final int DUMP_ATTEMPTS = 10;

    private final NetlinkTransport transport;
    private int seq = (int) (System.nanoTime() & 0x7fffffff);

    public NetlinkChannel(NetlinkTransport transport) {
        this.transport = transport;
    }

    /**
     * Sends a request built with {@link MessageWriter#request} and waits for its ACK.
     *
     * @return the data messages before the ACK (e.g. the link a GET asked for); empty for a change
     */
    public synchronized List<NetlinkMessage> request(MessageWriter request, String operation) {
        if (!hasFlags(request, NetlinkMessage.NLM_F_ACK) || hasFlags(request, NetlinkMessage.NLM_F_DUMP)) {
            throw new IllegalArgumentException(operation + ": a request needs NLM_F_ACK and no NLM_F_DUMP");
        }
        return exchange(request, operation).messages();
    }

    /** Sends a dump request built with {@link MessageWriter#dump} and returns a consistent dump. */
    public synchronized List<NetlinkMessage> dump(MessageWriter request, String operation) {
        if (!hasFlags(request, NetlinkMessage.NLM_F_DUMP)) {
            throw new IllegalArgumentException(operation + ": a dump needs NLM_F_DUMP");
        }
        for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
            ReplyCollector reply = exchange(request, operation);
            if (!reply.interrupted()) {
                return reply.messages();
            }
        }
        throw new NativeException(Errno.EINTR, operation,
                "dump interrupted by concurrent changes " + DUMP_ATTEMPTS + " times in a row");
    }

    private ReplyCollector exchange(MessageWriter request, String operation) {
        int requestSeq = nextSeq();
        ReplyCollector reply = new ReplyCollector(requestSeq, transport.portId(), operation);
        transport.send(request.toBytes(requestSeq, transport.portId()));
        while (!reply.isComplete()) {
            for (NetlinkMessage message : NetlinkMessage.parseAll(transport.receive())) {
                if (reply.offer(message)) {
                    break;
                }
            }
        }
        return reply;
    }

    private int nextSeq() {
        seq = seq == Integer.MAX_VALUE ? 1 : seq + 1;
        return seq;
    }

    private static boolean hasFlags(MessageWriter request, int flags) {
        return (request.flags() & flags) == flags;
    }

    @Override
    public void close() {
        transport.close();
    }
}
