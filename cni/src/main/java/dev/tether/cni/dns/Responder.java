package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.MalformedMessageException;
import dev.tether.cni.dns.wire.Rcode;
import dev.tether.cni.dns.wire.RecordType;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Turns one received packet into what to send back, for a listener of one network: its own
 * answers (see {@link LocalAnswers}), an error, nothing (responses and runts are dropped, so
 * no one can bounce packets off the listener), or a query to forward — which the listener runs
 * off its receive thread, since it waits on upstreams.
 *
 * <p>Only the network's own clients (addresses in its subnets: its containers, and the host
 * through the gateway) are served; anyone else who can route to the gateway — another network's
 * container through the host, a machine beyond it — gets REFUSED: no names, and no open resolver.
 * An internal network's listener forwards nothing (REFUSED): its containers have no way out, DNS
 * included.
 */
final class Responder {
    /** What to do with a packet. {@code udpLimit}: the largest UDP reply the client accepts. */
    sealed interface Outcome {
        record Reply(byte[] bytes, int udpLimit) implements Outcome {}

        record Forward(DnsMessage query, byte[] packet, int udpLimit) implements Outcome {}

        record Drop(String why) implements Outcome {}
    }

    private final NameBook book;
    private final Forwarder forwarder;

    Responder(NameBook book, Forwarder forwarder) {
        this.book = book;
        this.forwarder = forwarder;
    }

    /** @param client the sender's address */
    Outcome receive(String network, InetAddress client, byte[] packet) {
        if (packet.length < DnsMessage.HEADER_LENGTH) {
            return new Outcome.Drop("a runt of " + packet.length + " bytes");
        }
        if ((packet[2] & (DnsMessage.QR >>> 8)) != 0) {
            return new Outcome.Drop("a response, not a query");
        }
        DnsMessage query;
        try {
            query = DnsMessage.parse(packet);
        } catch (MalformedMessageException e) {
            return new Outcome.Reply(Replies.headerOnly(packet, Rcode.FORMERR), DnsMessage.CLASSIC_UDP_LIMIT);
        }
        int limit = query.udpLimit();
        NetworkNames mine = book.network(network);
        if (!mine.isMember(client)) {
            return new Outcome.Reply(Replies.error(query, Rcode.REFUSED, false).encode(), limit);
        }
        if (query.opcode() != DnsMessage.OPCODE_QUERY) {
            return new Outcome.Reply(Replies.error(query, Rcode.NOTIMP, false).encode(), limit);
        }
        if (query.questions().size() != 1
                || query.additional().stream().filter(r -> r.type() == RecordType.OPT).count() > 1) {
            return new Outcome.Reply(Replies.error(query, Rcode.FORMERR, false).encode(), limit);
        }
        Optional<DnsMessage> local = LocalAnswers.answer(book, mine, query);
        if (local.isPresent()) {
            return new Outcome.Reply(local.get().encode(), limit);
        }
        if (!mine.forwardsOutside()) {
            return new Outcome.Reply(Replies.error(query, Rcode.REFUSED, false).encode(), limit);
        }
        return new Outcome.Forward(query, packet, limit);
    }

    /** The upstream's answer, or SERVFAIL when no upstream answered in time. Blocks. */
    byte[] forward(Outcome.Forward forward, boolean tcp) {
        return forwarder.forward(forward.packet(), tcp)
                .orElseGet(() -> Replies.error(forward.query(), Rcode.SERVFAIL, false).encode());
    }

    /** A reply as UDP may carry it: cut to header and question with TC set when too long for the client. */
    static byte[] fitUdp(byte[] reply, int udpLimit) {
        if (reply.length <= udpLimit) {
            return reply;
        }
        try {
            return DnsMessage.truncated(reply);
        } catch (MalformedMessageException e) {
            return Replies.headerOnly(reply, Rcode.SERVFAIL); // an upstream's garbage: better an error than silence
        }
    }
}
