package dev.tether.cni.dns.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A DNS message (RFC 1035 section 4): header, questions and the three record sections.
 * {@link #parse} is strict: every count must be matched by well-formed entries and nothing may
 * follow the last one. {@link #encode} compresses names.
 *
 * @param flags the header's second 16 bits: QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode
 */
public record DnsMessage(int id, int flags, List<Question> questions, List<ResourceRecord> answers,
                         List<ResourceRecord> authority, List<ResourceRecord> additional) {
    public static final int HEADER_LENGTH = 12;
    public static final int QR = 0x8000;
    public static final int AA = 0x0400;
    public static final int TC = 0x0200;
    public static final int RD = 0x0100;
    public static final int RA = 0x0080;
    public static final int CD = 0x0010;
    public static final int OPCODE_QUERY = 0;
    /** The UDP payload limit of a client that offers no EDNS (RFC 1035 4.2.1). */
    public static final int CLASSIC_UDP_LIMIT = 512;
    /** Largest message TCP's 2-byte length can frame. */
    public static final int MAX_LENGTH = 65535;

    public DnsMessage {
        if (id < 0 || id > 0xffff || flags < 0 || flags > 0xffff) {
            throw new IllegalArgumentException("id and flags are 16-bit values");
        }
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }

    /** A standard query for one question. */
    public static DnsMessage query(int id, Question question, boolean recursionDesired) {
        return new DnsMessage(id, recursionDesired ? RD : 0, List.of(question), List.of(), List.of(), List.of());
    }

    public static DnsMessage parse(byte[] bytes) throws MalformedMessageException {
        WireReader in = new WireReader(bytes);
        int id = in.u16("header");
        int flags = in.u16("header");
        int questionCount = in.u16("header");
        int[] recordCounts = {in.u16("header"), in.u16("header"), in.u16("header")};
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < questionCount; i++) {
            String what = "question " + (i + 1);
            questions.add(new Question(in.name(what), in.u16(what), in.u16(what)));
        }
        List<List<ResourceRecord>> sections = new ArrayList<>();
        String[] names = {"answer", "authority", "additional"};
        for (int s = 0; s < 3; s++) {
            List<ResourceRecord> records = new ArrayList<>();
            for (int i = 0; i < recordCounts[s]; i++) {
                records.add(record(in, names[s] + " record " + (i + 1)));
            }
            sections.add(records);
        }
        in.requireEnd("message");
        return new DnsMessage(id, flags, questions, sections.get(0), sections.get(1), sections.get(2));
    }

    private static ResourceRecord record(WireReader in, String what) throws MalformedMessageException {
        DnsName name = in.name(what);
        int type = in.u16(what);
        int rclass = in.u16(what);
        long ttl = in.u32(what);
        int length = in.u16(what);
        if (length > in.remaining()) {
            throw new MalformedMessageException(what + ": rdata of " + length + " bytes runs past the end of the message");
        }
        if (!RecordType.holdsName(type)) {
            return new ResourceRecord(name, type, rclass, ttl, in.bytes(length, what));
        }
        int end = in.position() + length;
        DnsName target = in.name(what + " rdata");
        if (in.position() != end) {
            throw new MalformedMessageException(what + ": rdata length " + length + " does not match its name");
        }
        WireWriter rdata = new WireWriter(target.wireLength());
        rdata.uncompressedName(target);
        return new ResourceRecord(name, type, rclass, ttl, rdata.toBytes());
    }

    public byte[] encode() {
        WireWriter out = new WireWriter(CLASSIC_UDP_LIMIT);
        out.u16(id);
        out.u16(flags);
        out.u16(questions.size());
        out.u16(answers.size());
        out.u16(authority.size());
        out.u16(additional.size());
        for (Question q : questions) {
            out.name(q.name());
            out.u16(q.type());
            out.u16(q.qclass());
        }
        for (List<ResourceRecord> section : List.of(answers, authority, additional)) {
            for (ResourceRecord r : section) {
                out.name(r.name());
                out.u16(r.type());
                out.u16(r.rclass());
                out.u32(r.ttl());
                byte[] rdata = r.rdata();
                out.u16(rdata.length);
                out.bytes(rdata);
            }
        }
        return out.toBytes();
    }

    public boolean isResponse() {
        return has(QR);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public int opcode() {
        return (flags >>> 11) & 0xf;
    }

    public int rcode() {
        return flags & 0xf;
    }

    /** The EDNS OPT record of the additional section, if any. */
    public Optional<ResourceRecord> edns() {
        return additional.stream().filter(r -> r.type() == RecordType.OPT).findFirst();
    }

    /** The largest UDP reply the sender accepts: its EDNS payload size, never below 512. */
    public int udpLimit() {
        return edns().map(opt -> Math.max(CLASSIC_UDP_LIMIT, opt.rclass())).orElse(CLASSIC_UDP_LIMIT);
    }

    /** The ID of raw message bytes (at least 2 bytes). */
    public static int idOf(byte[] message) {
        return ((message[0] & 0xff) << 8) | (message[1] & 0xff);
    }

    /** A copy of raw message bytes with another ID: relaying changes nothing else. */
    public static byte[] withId(byte[] message, int id) {
        byte[] copy = message.clone();
        copy[0] = (byte) (id >>> 8);
        copy[1] = (byte) id;
        return copy;
    }

    /**
     * A reply too long for UDP cut down to its header and questions with TC set, so the client
     * asks again over TCP (RFC 7766).
     */
    public static byte[] truncated(byte[] reply) throws MalformedMessageException {
        byte[] out = Arrays.copyOf(reply, questionsEnd(reply));
        out[2] |= (byte) (TC >>> 8);
        Arrays.fill(out, 6, HEADER_LENGTH, (byte) 0);
        return out;
    }

    /**
     * Whether a reply answers this query: same ID, QR set, and the same question section
     * (ignoring case, which some resolvers vary).
     */
    public static boolean answers(byte[] reply, byte[] query) {
        try {
            int end = questionsEnd(query);
            if (reply.length < end || idOf(reply) != idOf(query) || (reply[2] & (QR >>> 8)) == 0
                    || questionsEnd(reply) != end) {
                return false;
            }
            for (int i = 4; i < end; i++) {
                if (i >= 6 && i < HEADER_LENGTH) {
                    continue; // record counts differ, of course
                }
                if (Character.toLowerCase((char) (reply[i] & 0xff)) != Character.toLowerCase((char) (query[i] & 0xff))) {
                    return false;
                }
            }
            return true;
        } catch (MalformedMessageException e) {
            return false;
        }
    }

    /** Where the question section of raw message bytes ends. */
    private static int questionsEnd(byte[] message) throws MalformedMessageException {
        WireReader in = new WireReader(message);
        in.bytes(4, "header");
        int questionCount = in.u16("header");
        in.bytes(6, "header");
        for (int i = 0; i < questionCount; i++) {
            in.name("question " + (i + 1));
            in.bytes(4, "question " + (i + 1));
        }
        return in.position();
    }

    @Override
    public String toString() {
        return "DnsMessage[id=" + id + ", flags=0x" + Integer.toHexString(flags) + ", questions=" + questions
                + ", answers=" + answers + ", authority=" + authority.size() + ", additional=" + additional.size() + "]";
    }
}
