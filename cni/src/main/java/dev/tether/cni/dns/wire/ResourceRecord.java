package dev.tether.cni.dns.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A resource record with its rdata as bytes. The rdata of name-holding types (PTR, CNAME, NS) is
 * kept uncompressed, so a record never depends on the message it came from.
 *
 * @param rclass the class; for OPT the sender's UDP payload size
 * @param ttl    for OPT the extended rcode, version and flags
 */
public record ResourceRecord(DnsName name, int type, int rclass, long ttl, byte[] rdata) {

    public ResourceRecord {
        rdata = rdata.clone();
    }

    /** An A or AAAA record, by the address's family. */
    public static ResourceRecord address(DnsName name, InetAddress address, long ttl) {
        int type = address instanceof Inet4Address ? RecordType.A : RecordType.AAAA;
        return new ResourceRecord(name, type, RecordType.CLASS_IN, ttl, address.getAddress());
    }

    public static ResourceRecord ptr(DnsName name, DnsName target, long ttl) {
        WireWriter rdata = new WireWriter(target.wireLength());
        rdata.uncompressedName(target);
        return new ResourceRecord(name, RecordType.PTR, RecordType.CLASS_IN, ttl, rdata.toBytes());
    }

    /** An EDNS OPT pseudo-record (RFC 6891) offering {@code udpPayloadSize}, no options. */
    public static ResourceRecord opt(int udpPayloadSize) {
        return new ResourceRecord(DnsName.ROOT, RecordType.OPT, udpPayloadSize, 0, new byte[0]);
    }

    @Override
    public byte[] rdata() {
        return rdata.clone();
    }

    /** The address of an A or AAAA record. */
    public InetAddress address() {
        if ((type != RecordType.A || rdata.length != 4) && (type != RecordType.AAAA || rdata.length != 16)) {
            throw new IllegalStateException("not an address record: type " + type + ", " + rdata.length + " bytes");
        }
        try {
            return InetAddress.getByAddress(rdata);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The name a PTR, CNAME or NS record points to. */
    public DnsName target() throws MalformedMessageException {
        if (!RecordType.holdsName(type)) {
            throw new IllegalStateException("type " + type + " holds no name");
        }
        WireReader reader = new WireReader(rdata);
        DnsName target = reader.name("rdata");
        reader.requireEnd("rdata");
        return target;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceRecord r && name.equals(r.name) && type == r.type && rclass == r.rclass
                && ttl == r.ttl && Arrays.equals(rdata, r.rdata);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type) * 31 + Arrays.hashCode(rdata);
    }

    @Override
    public String toString() {
        return name + " " + ttl + " class " + rclass + " type " + type + " (" + rdata.length + " bytes)";
    }
}
