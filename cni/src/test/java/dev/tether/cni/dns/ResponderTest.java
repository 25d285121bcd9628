package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.DnsName;
import dev.tether.cni.dns.wire.Question;
import dev.tether.cni.dns.wire.Rcode;
import dev.tether.cni.dns.wire.RecordType;
import dev.tether.cni.dns.wire.ResourceRecord;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a network's listener answers, decided on byte arrays (no sockets): names, aliases and
 * qualified names of its own containers, PTR, NODATA, NXDOMAIN for other networks' names and
 * addresses and for clients outside the network, forwarding of the rest, and the errors.
 */
class ResponderTest {
    private static final InetAddress WEB = address("10.1.0.5");
    private static final InetAddress WEB6 = address("fd00:1::5");
    private static final InetAddress CLIENT = address("10.1.0.9");

    private final NameBook book = NameBook.of(List.of(
            NetworkNames.of("net1", List.of(
                    Leases.of("net1", "c-web", "web", List.of("www", "Front"), "10.1.0.5/24", "fd00:1::5/64"),
                    Leases.of("net1", "c-db", "db", List.of(), "10.1.0.6/24", "fd00:1::6/64"),
                    Leases.of("net1", "c-anon", null, List.of(), "10.1.0.7/24", "fd00:1::7/64"),
                    Leases.reservation("net1", "10.1.0.200/24"))),
            NetworkNames.of("net2", List.of(
                    Leases.of("net2", "c-api", "api", List.of("backend"), "10.2.0.5/24")))));
    private final Responder responder = new Responder(book, null);

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private DnsMessage ask(String name, int type) throws Exception {
        return ask(name, type, CLIENT);
    }

    private DnsMessage ask(String name, int type, InetAddress client) throws Exception {
        byte[] query = DnsMessage.query(0x4242, Question.in(DnsName.of(name), type), true).encode();
        Responder.Outcome outcome = responder.receive("net1", client, query);
        Responder.Outcome.Reply reply = assertInstanceOf(Responder.Outcome.Reply.class, outcome, name);
        DnsMessage answer = DnsMessage.parse(reply.bytes());
        assertEquals(0x4242, answer.id());
        assertTrue(answer.isResponse());
        return answer;
    }

    private static List<InetAddress> addresses(DnsMessage reply) {
        return reply.answers().stream().map(ResourceRecord::address).toList();
    }

    @Test
    void namesAliasesAndQualifiedNamesOfTheNetwork() throws Exception {
        for (String name : List.of("web", "www", "front", "WEB.net1", "Front.NET1", "www.net1.")) {
            DnsMessage reply = ask(name, RecordType.A);
            assertEquals(Rcode.NOERROR, reply.rcode(), name);
            assertTrue(reply.has(DnsMessage.AA) && reply.has(DnsMessage.RA) && reply.has(DnsMessage.RD), name);
            assertEquals(List.of(WEB), addresses(reply), name);
            assertEquals(LocalAnswers.TTL_SECONDS, reply.answers().get(0).ttl());
            assertEquals(DnsName.of(name), reply.answers().get(0).name());
        }
        assertEquals(List.of(WEB6), addresses(ask("web", RecordType.AAAA)));
        assertEquals(List.of(WEB, WEB6), addresses(ask("web.net1", RecordType.ANY)));
    }

    @Test
    void aKnownNameWithoutThatTypeIsNoDataNotAnError() throws Exception {
        for (int type : new int[] {RecordType.MX, RecordType.TXT, 65 /* HTTPS */}) {
            DnsMessage reply = ask("db", type);
            assertEquals(Rcode.NOERROR, reply.rcode());
            assertEquals(List.of(), reply.answers());
        }
    }

    @Test
    void ptrNamesTheContainerQualifiedByItsNetwork() throws Exception {
        DnsMessage reply = ask("5.0.1.10.in-addr.arpa", RecordType.PTR);
        assertEquals(DnsName.of("web.net1"), reply.answers().get(0).target());
        assertEquals(DnsName.of("db.net1"), ask(ReverseName.of(address("fd00:1::6")).toString(), RecordType.PTR)
                .answers().get(0).target());
    }

    @Test
    void otherNetworksNamesAndAddressesAreNxdomainNeverForwarded() throws Exception {
        for (String name : List.of("api", "backend", "api.net2", "API.NET2")) {
            DnsMessage reply = ask(name, RecordType.A);
            assertEquals(Rcode.NXDOMAIN, reply.rcode(), name);
            assertEquals(List.of(), reply.answers());
        }
        assertEquals(Rcode.NXDOMAIN, ask("5.0.2.10.in-addr.arpa", RecordType.PTR).rcode());
    }

    @Test
    void aClientOutsideTheNetworksSubnetsIsRefusedEverything() throws Exception {
        for (InetAddress outsider : List.of(address("10.2.0.5"), address("192.0.2.1"), address("fd00:2::5"))) {
            for (String name : List.of("web", "5.0.1.10.in-addr.arpa", "example.com")) {
                DnsMessage reply = ask(name, RecordType.A, outsider);
                assertEquals(Rcode.REFUSED, reply.rcode(), name + " from " + outsider);
                assertEquals(List.of(), reply.answers());
            }
        }
        assertEquals(List.of(WEB), addresses(ask("web", RecordType.A, address("10.1.0.1"))), "the gateway (the host) may ask");
        assertEquals(List.of(WEB), addresses(ask("web", RecordType.A, address("fd00:1::99"))), "over IPv6 too");
    }

    @Test
    void everythingElseIsForwarded() throws Exception {
        for (String name : List.of("example.com", "anon", "web.net2", "net1", "9.0.1.10.in-addr.arpa", "200.0.1.10.in-addr.arpa")) {
            byte[] query = DnsMessage.query(7, Question.in(DnsName.of(name), RecordType.A), true).encode();
            Responder.Outcome.Forward forward = assertInstanceOf(Responder.Outcome.Forward.class,
                    responder.receive("net1", CLIENT, query), name);
            assertTrue(Arrays.equals(query, forward.packet()), "the client's bytes go upstream unchanged");
        }
        byte[] chaos = DnsMessage.query(7, new Question(DnsName.of("web"), RecordType.TXT, 3), true).encode();
        assertInstanceOf(Responder.Outcome.Forward.class, responder.receive("net1", CLIENT, chaos), "class CH");
    }

    @Test
    void anInternalNetworkAnswersItsNamesButForwardsNothing() throws Exception {
        book.network("net1").forwardOutside(false);
        assertEquals(List.of(WEB), addresses(ask("web", RecordType.A)));
        assertEquals(Rcode.NXDOMAIN, ask("api", RecordType.A).rcode(), "other networks' names as before");
        DnsMessage outside = ask("example.com", RecordType.A);
        assertEquals(Rcode.REFUSED, outside.rcode(), "no way out, not even by DNS");
        assertEquals(List.of(), outside.answers());
    }

    @Test
    void ednsIsAnsweredWithEdns() throws Exception {
        DnsMessage query = new DnsMessage(1, DnsMessage.RD, List.of(Question.in(DnsName.of("web"), RecordType.A)),
                List.of(), List.of(), List.of(ResourceRecord.opt(4096)));
        Responder.Outcome.Reply reply = (Responder.Outcome.Reply) responder.receive("net1", CLIENT, query.encode());
        assertEquals(4096, reply.udpLimit());
        assertEquals(Replies.EDNS_PAYLOAD, DnsMessage.parse(reply.bytes()).edns().orElseThrow().rclass());
    }

    @Test
    void brokenQueriesGetErrorsOrNothing() throws Exception {
        HexFormat hex = HexFormat.of();
        assertInstanceOf(Responder.Outcome.Drop.class, responder.receive("net1", CLIENT, hex.parseHex("1234")));
        byte[] response = DnsMessage.query(1, Question.in(DnsName.of("web"), RecordType.A), true).encode();
        response[2] |= (byte) 0x80;
        assertInstanceOf(Responder.Outcome.Drop.class, responder.receive("net1", CLIENT, response), "responses are dropped");

        Responder.Outcome.Reply formErr = (Responder.Outcome.Reply) responder.receive("net1", CLIENT,
                hex.parseHex("beef01000001000000000000ff"));
        DnsMessage m = DnsMessage.parse(formErr.bytes());
        assertEquals(0xbeef, m.id());
        assertEquals(Rcode.FORMERR, m.rcode());
        assertTrue(m.has(DnsMessage.RD));

        DnsMessage two = new DnsMessage(2, 0, List.of(Question.in(DnsName.of("web"), RecordType.A),
                Question.in(DnsName.of("db"), RecordType.A)), List.of(), List.of(), List.of());
        assertEquals(Rcode.FORMERR, reply(two).rcode());
        DnsMessage notify = new DnsMessage(3, 4 << 11, List.of(Question.in(DnsName.of("web"), RecordType.SOA)),
                List.of(), List.of(), List.of());
        assertEquals(Rcode.NOTIMP, reply(notify).rcode());
        DnsMessage twoOpts = new DnsMessage(4, 0, List.of(Question.in(DnsName.of("web"), RecordType.A)), List.of(),
                List.of(), List.of(ResourceRecord.opt(1232), ResourceRecord.opt(1232)));
        assertEquals(Rcode.FORMERR, reply(twoOpts).rcode());
    }

    @Test
    void aReplyTooLongForTheClientIsTruncated() throws Exception {
        DnsName name = DnsName.of("web");
        List<ResourceRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(ResourceRecord.address(name, address("10.1.1." + i), 10));
        }
        byte[] big = new DnsMessage(5, DnsMessage.QR, List.of(Question.in(name, RecordType.A)), many, List.of(), List.of())
                .encode();
        assertTrue(big.length > 512);
        DnsMessage cut = DnsMessage.parse(Responder.fitUdp(big, 512));
        assertTrue(cut.has(DnsMessage.TC));
        assertEquals(List.of(), cut.answers());
        assertEquals(big.length, Responder.fitUdp(big, 4096).length, "fits the client's EDNS size");
    }

    private DnsMessage reply(DnsMessage query) throws Exception {
        return DnsMessage.parse(((Responder.Outcome.Reply) responder.receive("net1", CLIENT, query.encode())).bytes());
    }
}
