package dev.tether.natives.ip;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address as an unsigned number, for address arithmetic: walking, measuring and
 * ordering ranges (IPAM). Ordered IPv4 before IPv6, then by value. Parsed and printed as
 * {@link InetAddresses} does (literals only; dotted quad or RFC 5952), and converted to and from
 * {@link InetAddress} for everything else.
 */
public final class IpAddress implements Comparable<IpAddress> {
    private static final BigInteger V4_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger V6_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private final boolean v6;
    private final BigInteger value;

    private IpAddress(boolean v6, BigInteger value) {
        if (value.signum() < 0 || value.compareTo(v6 ? V6_MAX : V4_MAX) > 0) {
            throw new IllegalArgumentException("address out of range for " + (v6 ? "IPv6" : "IPv4"));
        }
        this.v6 = v6;
        this.value = value;
    }

    /** Parses a literal IPv4 or IPv6 address (no host names, zones or prefixes); see {@link InetAddresses#parse}. */
    public static IpAddress parse(String text) {
        return of(InetAddresses.parse(text));
    }

    public static IpAddress of(InetAddress address) {
        return ofBytes(address.getAddress());
    }

    /** From 4 or 16 network-order bytes; 16-byte IPv4-mapped addresses become IPv4, as {@link InetAddress} makes them. */
    public static IpAddress ofBytes(byte[] bytes) {
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
        }
        return new IpAddress(bytes.length == 16, new BigInteger(1, bytes));
    }

    public static IpAddress ofValue(boolean v6, BigInteger value) {
        return new IpAddress(v6, value);
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    public boolean isV6() {
        return v6;
    }

    public boolean isV4() {
        return !v6;
    }

    /** 32 or 128. */
    public int bitLength() {
        return v6 ? 128 : 32;
    }

    public BigInteger value() {
        return value;
    }

    public boolean sameFamily(IpAddress other) {
        return v6 == other.v6;
    }

    /** Network-order bytes, 4 or 16 of them. */
    public byte[] toBytes() {
        int len = v6 ? 16 : 4;
        byte[] raw = value.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }

    public InetAddress toInetAddress() {
        return InetAddresses.fromBytes(toBytes());
    }

    /** This address plus {@code delta}; fails when it leaves the family's address space. */
    public IpAddress plus(BigInteger delta) {
        return new IpAddress(v6, value.add(delta));
    }

    public IpAddress next() {
        return plus(BigInteger.ONE);
    }

    public IpAddress previous() {
        return plus(BigInteger.ONE.negate());
    }

    /** Whether {@link #next()} would leave the address space. */
    public boolean isMax() {
        return value.equals(v6 ? V6_MAX : V4_MAX);
    }

    /** Number of addresses from this one to {@code last}, both included (0 if last is below). */
    public BigInteger countTo(IpAddress last) {
        BigInteger n = last.value.subtract(value).add(BigInteger.ONE);
        return n.signum() < 0 ? BigInteger.ZERO : n;
    }

    @Override
    public int compareTo(IpAddress o) {
        if (v6 != o.v6) {
            return v6 ? 1 : -1;
        }
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && v6 == other.v6 && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + (v6 ? 1 : 0);
    }

    /** Dotted quad, or the RFC 5952 form. */
    @Override
    public String toString() {
        return InetAddresses.format(toInetAddress());
    }
}
