package dev.tether.cni.dns.wire;

/** The record types (and query types) Tether answers or inspects (RFC 1035, 3596, 6891). */
public final class RecordType {
    public static final int A = 1;
    public static final int NS = 2;
    public static final int CNAME = 5;
    public static final int SOA = 6;
    public static final int PTR = 12;
    public static final int MX = 15;
    public static final int TXT = 16;
    public static final int AAAA = 28;
    public static final int OPT = 41;
    public static final int ANY = 255;

    /** Class IN, the only one names are answered in. */
    public static final int CLASS_IN = 1;
    public static final int CLASS_ANY = 255;

    private RecordType() {}

    /** Types whose rdata is a single domain name (decompressed when a message is parsed). */
    static boolean holdsName(int type) {
        return type == NS || type == CNAME || type == PTR;
    }
}
