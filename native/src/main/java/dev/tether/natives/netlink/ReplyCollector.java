package dev.tether.natives.netlink;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the reply to one request from the messages received: skips messages of other sequence
 * numbers or ports (left over from an abandoned request), keeps the data messages, ends at the ACK
 * or NLMSG_DONE, and throws the typed error of an NLMSG_ERROR. Notes NLM_F_DUMP_INTR so the caller
 * can repeat an inconsistent dump.
 */
public final class ReplyCollector {
    private final int seq;
    private final int portId;
    private final String operation;
    private final List<NetlinkMessage> messages = new ArrayList<>();
    private boolean complete;
    private boolean interrupted;

    public ReplyCollector(int seq, int portId, String operation) {
        this.seq = seq;
        this.portId = portId;
        this.operation = operation;
    }

    /**
     * Takes one received message; returns true once the reply is complete.
     *
     * @throws dev.tether.natives.libc.NativeException if the kernel answered with an error
     */
    public boolean offer(NetlinkMessage message) {
        if (complete || message.seq() != seq || message.portId() != portId) {
            return complete;
        }
        if (message.hasFlag(NetlinkMessage.NLM_F_DUMP_INTR)) {
            interrupted = true;
        }
        switch (message.type()) {
            case NetlinkMessage.NLMSG_NOOP -> {
            }
            case NetlinkMessage.NLMSG_ERROR, NetlinkMessage.NLMSG_DONE -> {
                complete = true;
                ErrorReply reply = ErrorReply.parse(message);
                if (!reply.isAck()) {
                    throw reply.toException(operation);
                }
            }
            case NetlinkMessage.NLMSG_OVERRUN -> throw Malformed.error(operation + ": NLMSG_OVERRUN, data was lost");
            default -> messages.add(message);
        }
        return complete;
    }

    public boolean isComplete() {
        return complete;
    }

    /** Whether the kernel flagged the dump as inconsistent (NLM_F_DUMP_INTR). */
    public boolean interrupted() {
        return interrupted;
    }

    /** The data messages of the reply, in order. */
    public List<NetlinkMessage> messages() {
        return messages;
    }
}
