package dev.tether.cni.spec;

import dev.tether.natives.ip.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address with a prefix length in CIDR notation, as CNI writes them: the address keeps its
 * host bits ("10.1.0.5/16" is an interface address, not a network). Also the literal-address
 * parser and the RFC 5952 formatter of this layer, so that no string ever reaches a DNS lookup.
 *
 * <p>Kept in this one class so it can be swapped for the native module's prefix type later.
 */
public record Cidr(InetAddress address, int prefixLength) {
    private static final Pattern IPV4 =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    public Cidr {
        if (address == null) {
            throw new IllegalArgumentException("address is missing");
        }
        int bits = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range 0-" + bits);
        }
    }

    /**
     * Parses "address/prefix".
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not in CIDR notation (address/prefix)");
        }
        InetAddress address;
        try {
            address = parseAddress(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR: " + e.getMessage());
        }
        String prefix = text.substring(slash + 1);
        // An IPv4-mapped IPv6 address ("::ffff:10.0.0.1/120") parses as IPv4: its prefix counts
        // 128 bits, so it maps to prefix - 96, as Go prints it.
        boolean mapped = address instanceof Inet4Address && text.indexOf(':') >= 0;
        int bits = mapped ? 128 : address.getAddress().length * 8;
        if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > bits
                || (mapped && Integer.parseInt(prefix) < 96)) {
            throw new IllegalArgumentException("\"" + text + "\" has an invalid prefix length ("
                    + (mapped ? 96 : 0) + "-" + bits + ")");
        }
        return new Cidr(address, Integer.parseInt(prefix) - (mapped ? 96 : 0));
    }

    /**
     * Parses a literal IPv4 (dotted quad, no leading zeros) or IPv6 address without any name
     * lookup.
     *
     * @throws IllegalArgumentException when the text is not such a literal
     */
    public static InetAddress parseAddress(String text) {
        Matcher v4 = IPV4.matcher(text);
        try {
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
                // A text with ':' is only ever parsed as an IPv6 literal, never looked up.
                return InetAddress.getByName(text);
            }
        } catch (UnknownHostException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
    }

    /** The canonical text of an address: dotted quad, or RFC 5952 compressed lower-case IPv6. */
    public static String format(InetAddress address) {
        return InetAddresses.format(address);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The network this address is in: host bits cleared. */
    public Cidr network() {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return new Cidr(InetAddress.getByAddress(b), prefixLength);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }

    public boolean contains(InetAddress other) {
        if (other.getAddress().length != address.getAddress().length) {
            return false;
        }
        try {
            return new Cidr(other, prefixLength).network().equals(network());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return format(address) + "/" + prefixLength;
    }
}
