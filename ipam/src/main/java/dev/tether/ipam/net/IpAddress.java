package dev.tether.ipam.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address as an unsigned number, so ranges can be walked and measured.
 * IPv4-mapped IPv6 literals become IPv4 addresses, as Go's {@code net.IP.To4} does for host-local.
 * Text form is canonical: dotted quad, or RFC 5952 (lower case, longest zero run as "::").
 */
public final class IpAddress implements Comparable<IpAddress> {
    private static final Pattern V4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern V6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");
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

    /** Parses a literal IPv4 or IPv6 address (no host names, no zone, no prefix). */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        if (V4.matcher(text).matches()) {
            byte[] b = new byte[4];
            String[] parts = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    throw new IllegalArgumentException("invalid IP address \"" + text + "\"");
                }
                b[i] = (byte) octet;
            }
            return ofBytes(b);
        }
        if (text.indexOf(':') < 0 || !V6_CHARS.matcher(text).matches()) {
            throw new IllegalArgumentException("invalid IP address \"" + text + "\"");
        }
        try {
            // Only literal characters reach here, so this never resolves a name.
            return of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address \"" + text + "\"", e);
        }
    }

    public static IpAddress of(InetAddress address) {
        return ofBytes(address.getAddress());
    }

    /** From 4 or 16 network-order bytes; 16-byte IPv4-mapped addresses become IPv4. */
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
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always valid", e);
        }
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

    @Override
    public String toString() {
        byte[] b = toBytes();
        if (!v6) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        return formatV6(b);
    }

    private static String formatV6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
