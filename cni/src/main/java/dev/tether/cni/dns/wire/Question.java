package dev.tether.cni.dns.wire;

/** A question: name, type and class. */
public record Question(DnsName name, int type, int qclass) {
    public static Question in(DnsName name, int type) {
        return new Question(name, type, RecordType.CLASS_IN);
    }
}
