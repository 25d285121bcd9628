package dev.tether.cni.dns.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec on byte arrays: known messages, compression, and every kind of malformed input. */
class DnsMessageTest {
    private static final HexFormat HEX = HexFormat.of();

    /** "web.mynet" A, RD, ID 0x1234, as dig sends it without EDNS. */
    private static final String QUERY = "1234 0100 0001 0000 0000 0000 03776562 056d796e6574 00 0001 0001";

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", ""));
    }

    @Test
    void parsesAQuery() throws Exception {
        DnsMessage m = DnsMessage.parse(hex(QUERY));
        assertEquals(0x1234, m.id());
        assertTrue(m.has(DnsMessage.RD));
        assertFalse(m.isResponse());
        assertEquals(DnsMessage.OPCODE_QUERY, m.opcode());
        assertEquals(List.of(Question.in(DnsName.of("web.mynet"), RecordType.A)), m.questions());
        assertEquals(512, m.udpLimit(), "no EDNS: the classic limit");
        assertArrayEquals(hex(QUERY), m.encode(), "encodes back to the same bytes");
    }

    @Test
    void parsesDigsEdnsQueryWithACookie() throws Exception {
        // dig web.mynet (BIND 9.18): AD set, OPT with payload 1232 and a COOKIE option.
        byte[] bytes = hex("9a2b 0120 0001 0000 0000 0001 03776562 056d796e6574 00 0001 0001"
                + " 00 0029 04d0 00000000 000c 000a 0008 0123456789abcdef");
        DnsMessage m = DnsMessage.parse(bytes);
        assertEquals(1232, m.udpLimit());
        assertEquals(12, m.edns().orElseThrow().rdata().length, "the option is kept as bytes");
        assertArrayEquals(bytes, m.encode());
    }

    @Test
    void anAnswerPointsBackToTheQuestionName() throws Exception {
        DnsName name = DnsName.of("web.mynet");
        DnsMessage reply = new DnsMessage(0x1234, DnsMessage.QR | DnsMessage.AA | DnsMessage.RD | DnsMessage.RA,
                List.of(Question.in(name, RecordType.A)),
                List.of(ResourceRecord.address(name, InetAddress.getByName("10.88.0.5"), 10)), List.of(), List.of());
        byte[] bytes = reply.encode();
        assertEquals(HEX.formatHex(hex("1234 8580 0001 0001 0000 0000 03776562 056d796e6574 00 0001 0001"
                + " c00c 0001 0001 0000000a 0004 0a580005")), HEX.formatHex(bytes));
        DnsMessage back = DnsMessage.parse(bytes);
        assertEquals(reply, back);
        assertEquals(InetAddress.getByName("10.88.0.5"), back.answers().get(0).address());
    }

    @Test
    void ownerNamesArePointersAndPtrTargetsAreWrittenWhole() throws Exception {
        DnsName reverse = DnsName.of("5.0.88.10.in-addr.arpa");
        DnsName target = DnsName.of("web.mynet");
        DnsMessage reply = new DnsMessage(7, DnsMessage.QR, List.of(Question.in(reverse, RecordType.PTR)),
                List.of(ResourceRecord.ptr(reverse, target, 10)), List.of(), List.of());
        byte[] bytes = reply.encode();
        String answer = HEX.formatHex(bytes).substring(2 * (12 + reverse.wireLength() + 4));
        assertEquals("c00c" + "000c0001" + "0000000a" + "000b" + "03776562056d796e657400", answer);
        assertEquals(target, DnsMessage.parse(bytes).answers().get(0).target());
    }

    @Test
    void compressedPtrRdataIsDecompressedOnParse() throws Exception {
        // An upstream's PTR answer whose rdata "web" + pointer to "mynet" at offset 16.
        byte[] bytes = hex("0001 8180 0001 0001 0000 0000 03776562 056d796e6574 00 000c 0001"
                + " c00c 000c 0001 0000003c 0006 03617069 c010");
        DnsMessage m = DnsMessage.parse(bytes);
        assertEquals(DnsName.of("api.mynet"), m.answers().get(0).target());
    }

    @Test
    void malformedMessagesAreRefusedWithAReason() {
        assertMalformed("1234 0100 0001", "header");
        assertMalformed("1234 0100 0001 0000 0000 0000 03776562", "past the end");
        assertMalformed("1234 0100 0001 0000 0000 0000 03776562 00 0001", "question 1");
        assertMalformed(QUERY + " 00", "1 bytes left over");
        assertMalformed("1234 0100 0001 0000 0000 0000 c00c 0001 0001", "does not point to an earlier name");
        assertMalformed("1234 0100 0001 0000 0000 0000 c00e 0001 0001", "does not point to an earlier name");
        assertMalformed("1234 0100 0001 0000 0000 0000 4177 00 0001 0001", "unknown label type");
        assertMalformed("1234 0100 0000 0001 0000 0000 00 0001 0001 00000000 0010 0a000001", "runs past the end");
        // PTR rdata that claims 7 bytes but holds a 5-byte name.
        assertMalformed("1234 8100 0000 0001 0000 0000 00 000c 0001 00000000 0007 03617069 00 0000", "does not match");
        assertMalformed("1234 0100 0002 0000 0000 0000 00 0001 0001", "question 2");
    }

    @Test
    void aNameOver255BytesIsRefused() {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            labels.append("3f").append("61".repeat(63)); // 5 x 64 bytes
        }
        assertMalformed("1234 0100 0001 0000 0000 0000 " + labels + " 00 0001 0001", "longer than 255");
    }

    @Test
    void aPointerChainThatLoopsThroughLabelsEnds() {
        // At 12: label "a", then a pointer back to 12: each round adds a label until the length cap.
        assertMalformed("1234 0100 0001 0000 0000 0000 0161 c00c 0001 0001", "longer than 255");
    }

    @Test
    void truncationKeepsHeaderAndQuestionAndSetsTc() throws Exception {
        DnsName name = DnsName.of("web.mynet");
        byte[] reply = new DnsMessage(9, DnsMessage.QR | DnsMessage.RD, List.of(Question.in(name, RecordType.A)),
                List.of(ResourceRecord.address(name, InetAddress.getByName("10.0.0.1"), 5)), List.of(),
                List.of(ResourceRecord.opt(1232))).encode();
        DnsMessage cut = DnsMessage.parse(DnsMessage.truncated(reply));
        assertTrue(cut.has(DnsMessage.TC));
        assertEquals(9, cut.id());
        assertEquals(List.of(Question.in(name, RecordType.A)), cut.questions());
        assertEquals(List.of(), cut.answers());
        assertEquals(List.of(), cut.additional());
    }

    @Test
    void aReplyAnswersOnlyItsOwnQuestion() {
        byte[] query = hex(QUERY);
        byte[] reply = hex("1234 8180 0001 0000 0000 0000 03574542 056d796e6574 00 0001 0001"); // WEB: case differs
        assertTrue(DnsMessage.answers(reply, query));
        assertFalse(DnsMessage.answers(DnsMessage.withId(reply, 0x1235), query), "another ID");
        assertFalse(DnsMessage.answers(query, query), "not a response");
        assertFalse(DnsMessage.answers(hex("1234 8180 0001 0000 0000 0000 03776562 056d796e6574 00 001c 0001"), query),
                "another type");
        assertFalse(DnsMessage.answers(hex("1234 8180"), query), "a runt");
    }

    @Test
    void theEdnsLimitIsNeverBelow512() throws Exception {
        DnsMessage small = new DnsMessage(1, 0, List.of(Question.in(DnsName.ROOT, RecordType.A)), List.of(), List.of(),
                List.of(ResourceRecord.opt(100)));
        assertEquals(512, DnsMessage.parse(small.encode()).udpLimit());
    }

    /** Mutated and random packets: the parser either parses or says why, nothing else escapes. */
    @Test
    void garbageNeverEscapesAsAnythingButMalformed() {
        Random random = new Random(53);
        byte[] base = hex("9a2b 0120 0001 0001 0000 0001 03776562 056d796e6574 00 0001 0001"
                + " c00c 0001 0001 0000000a 0004 0a580005 00 0029 04d0 00000000 0000");
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] packet = i % 4 == 0 ? randomBytes(random) : mutate(base, random);
            try {
                DnsMessage m = DnsMessage.parse(packet);
                m.encode();
                parsed++;
            } catch (MalformedMessageException expected) {
                // fine
            }
        }
        assertTrue(parsed > 100, "some mutations still parse: " + parsed);
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(80)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] base, Random random) {
        byte[] b = base.clone();
        for (int n = random.nextInt(3) + 1; n > 0; n--) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        return random.nextBoolean() ? b : java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
    }

    private static void assertMalformed(String spacedHex, String reason) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> DnsMessage.parse(hex(spacedHex)));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
