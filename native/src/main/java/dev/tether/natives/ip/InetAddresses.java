package dev.tether.natives.ip;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP address helpers that never touch DNS. */
public final class InetAddresses {
    private InetAddresses() {
    }

    /**
     * Parses an IPv4 dotted quad (no leading zeros) or an IPv6 literal (not IPv4-mapped); anything
     * else (a host name included) is an IllegalArgumentException, never a DNS lookup.
     */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("IP address is empty");
        }
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return fromBytes(parseIpv4(text));
    }

    /** An address from its 4 or 16 network-order bytes. */
    public static InetAddress fromBytes(byte[] bytes) {
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("length was checked", e);
        }
    }

    /** The address as an unsigned number. */
    public static BigInteger toBigInteger(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    /** The address of the given family (v6 or not) whose unsigned value is n. */
    public static InetAddress fromBigInteger(BigInteger n, boolean ipv6) {
        int length = ipv6 ? 16 : 4;
        if (n.signum() < 0 || n.bitLength() > length * 8) {
            throw new IllegalArgumentException(n + " is outside the " + (ipv6 ? "IPv6" : "IPv4") + " address space");
        }
        byte[] raw = n.toByteArray();
        byte[] bytes = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
        return fromBytes(bytes);
    }

    /** The address offset by delta (which may be negative) within the same family. */
    public static InetAddress add(InetAddress address, long delta) {
        return fromBigInteger(toBigInteger(address).add(BigInteger.valueOf(delta)), isIpv6(address));
    }

    public static boolean isIpv6(InetAddress address) {
        return address instanceof Inet6Address;
    }

    public static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    /**
     * The text form, never a host name: dotted quad for IPv4, the RFC 5952 form for IPv6 (lower
     * case, the longest run of two or more zero groups as "::"), e.g. "fd00::1".
     */
    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address (expected a.b.c.d or an IPv6 literal)");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: bad part '" + part + "'");
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                // inet_aton reads a leading zero as octal, Go and this module refuse it: say so.
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: '" + part
                        + "' has a leading zero (ambiguous: octal to some tools)");
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: " + value + " > 255");
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static InetAddress parseIpv6(String text) {
        if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
        InetAddress address;
        try {
            // With a ':' and only hex digits, dots and colons, InetAddress parses a literal and
            // never resolves a name.
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address", e);
        }
        if (!isIpv6(address)) { // Java turns ::ffff:a.b.c.d into an IPv4 address
            throw new IllegalArgumentException("'" + text + "' is an IPv4-mapped IPv6 address: write it as IPv4");
        }
        return address;
    }
}
