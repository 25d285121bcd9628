package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.DnsName;
import dev.tether.cni.dns.wire.Question;
import dev.tether.cni.dns.wire.Rcode;
import dev.tether.cni.dns.wire.RecordType;
import dev.tether.cni.dns.wire.ResourceRecord;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a network's listener answers itself, for a valid query of one question from a client of
 * the network:
 * <ul>
 *   <li>a name of the network's containers (name, alias, {@code name.NETWORK}, case-insensitive):
 *       its A/AAAA records (ANY gives both), NOERROR without records for any other type;</li>
 *   <li>the reverse name of one of its containers' addresses: a PTR to {@code name.NETWORK.};</li>
 *   <li>a name or address of another network's container: NXDOMAIN, never forwarded, so names do
 *       not leak across networks (not even to the upstream resolvers);</li>
 *   <li>anything else is the upstream resolvers' to answer (empty result).</li>
 * </ul>
 * Answers are authoritative, with a short TTL since containers come and go.
 */
final class LocalAnswers {
    static final long TTL_SECONDS = 10;

    private LocalAnswers() {}

    static Optional<DnsMessage> answer(NameBook book, NetworkNames mine, DnsMessage query) {
        Question q = query.questions().get(0);
        if (q.qclass() != RecordType.CLASS_IN && q.qclass() != RecordType.CLASS_ANY) {
            return Optional.empty();
        }
        List<InetAddress> addresses = mine.lookup(q.name());
        if (addresses != null) {
            List<ResourceRecord> records = new ArrayList<>();
            for (InetAddress address : addresses) {
                int type = address instanceof Inet4Address ? RecordType.A : RecordType.AAAA;
                if (q.type() == type || q.type() == RecordType.ANY) {
                    records.add(ResourceRecord.address(q.name(), address, TTL_SECONDS));
                }
            }
            return Optional.of(Replies.answer(query, records));
        }
        Optional<InetAddress> reversed = ReverseName.parse(q.name());
        if (reversed.isPresent()) {
            DnsName target = mine.reverse(reversed.get());
            if (target != null) {
                List<ResourceRecord> records = q.type() == RecordType.PTR || q.type() == RecordType.ANY
                        ? List.of(ResourceRecord.ptr(q.name(), target, TTL_SECONDS)) : List.of();
                return Optional.of(Replies.answer(query, records));
            }
            return book.isContainerAddress(reversed.get())
                    ? Optional.of(Replies.error(query, Rcode.NXDOMAIN, true)) : Optional.empty();
        }
        return book.isContainerName(q.name()) ? Optional.of(Replies.error(query, Rcode.NXDOMAIN, true)) : Optional.empty();
    }
}
