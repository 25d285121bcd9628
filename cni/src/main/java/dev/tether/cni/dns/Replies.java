package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.Rcode;
import dev.tether.cni.dns.wire.ResourceRecord;
import java.util.List;

/** Replies the listener writes itself: header flags, the echoed question, EDNS when the client used it. */
final class Replies {
    /** The UDP payload size Tether offers in its OPT record (the DNS flag day 2020 value). */
    static final int EDNS_PAYLOAD = 1232;

    private Replies() {}

    /** An authoritative NOERROR reply with these answers (none: the name exists without that type). */
    static DnsMessage answer(DnsMessage query, List<ResourceRecord> answers) {
        return reply(query, Rcode.NOERROR, true, answers);
    }

    static DnsMessage error(DnsMessage query, int rcode, boolean authoritative) {
        return reply(query, rcode, authoritative, List.of());
    }

    /** An error reply to a message too broken to echo: its ID, RD, and no sections. */
    static byte[] headerOnly(byte[] packet, int rcode) {
        int id = DnsMessage.idOf(packet);
        int rd = (packet[2] << 8) & DnsMessage.RD;
        return new DnsMessage(id, DnsMessage.QR | DnsMessage.RA | rd | rcode, List.of(), List.of(), List.of(), List.of())
                .encode();
    }

    private static DnsMessage reply(DnsMessage query, int rcode, boolean authoritative, List<ResourceRecord> answers) {
        int flags = DnsMessage.QR | (query.opcode() << 11) | (authoritative ? DnsMessage.AA : 0)
                | (query.flags() & (DnsMessage.RD | DnsMessage.CD)) | DnsMessage.RA | rcode;
        List<ResourceRecord> additional = query.edns().isPresent() ? List.of(ResourceRecord.opt(EDNS_PAYLOAD)) : List.of();
        return new DnsMessage(query.id(), flags, query.questions(), answers, List.of(), additional);
    }
}
