package dev.tether.natives.ip;

import java.math.BigInteger;
import java.net.InetAddress;

/**
 * An IP address with a prefix length, v4 or v6, e.g. 10.1.2.3/24. The address keeps its host bits
 * (it is an interface address as much as a network); {@link #network()} clears them.
 */
public record IpPrefix(InetAddress address, int prefixLength) {

    public IpPrefix {
        if (address == null) {
            throw new IllegalArgumentException("prefix address is null");
        }
        int max = maxLength(address);
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.." + max
                    + " for " + InetAddresses.format(address));
        }
    }

    /** Parses "address/length", e.g. "10.0.0.1/24" or "fd00::1/64". */
    public static IpPrefix parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("prefix is null");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a prefix: expected address/length, e.g. 10.0.0.1/24");
        }
        InetAddress address;
        try {
            address = InetAddresses.parse(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a prefix: " + e.getMessage(), e);
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' has a bad prefix length '" + length + "'");
        }
        return new IpPrefix(address, Integer.parseInt(length));
    }

    /** The prefix of a numeric address, e.g. an allocated address with its subnet's length. */
    public static IpPrefix of(IpAddress address, int prefixLength) {
        return new IpPrefix(address.toInetAddress(), prefixLength);
    }

    /** Parses "address/length", or a bare address as its single-address prefix (/32 or /128). */
    public static IpPrefix parseAddressOrPrefix(String text) {
        if (text != null && text.indexOf('/') >= 0) {
            return parse(text);
        }
        return host(InetAddresses.parse(text));
    }

    /** The single-address prefix: /32 for v4, /128 for v6. */
    public static IpPrefix host(InetAddress address) {
        return new IpPrefix(address, maxLength(address));
    }

    public boolean isIpv6() {
        return InetAddresses.isIpv6(address);
    }

    /** 32 or 128. */
    public int maxLength() {
        return maxLength(address);
    }

    /** The prefix with its host bits cleared, e.g. 10.1.2.0/24 for 10.1.2.3/24. */
    public IpPrefix network() {
        return new IpPrefix(firstAddress(), prefixLength);
    }

    /** The lowest address in the prefix (the network address). */
    public InetAddress firstAddress() {
        byte[] bytes = address.getAddress();
        byte[] mask = maskBytes();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] &= mask[i];
        }
        return InetAddresses.fromBytes(bytes);
    }

    /** The highest address in the prefix (the IPv4 broadcast address). */
    public InetAddress lastAddress() {
        byte[] bytes = address.getAddress();
        byte[] mask = maskBytes();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] |= (byte) ~mask[i];
        }
        return InetAddresses.fromBytes(bytes);
    }

    /** The address as a number. */
    public IpAddress ip() {
        return IpAddress.of(address);
    }

    /** {@link #firstAddress()} as a number. */
    public IpAddress firstIp() {
        return IpAddress.of(firstAddress());
    }

    /** {@link #lastAddress()} as a number. */
    public IpAddress lastIp() {
        return IpAddress.of(lastAddress());
    }

    /** Whether the address has bits set past the prefix length (it is not the network address). */
    public boolean hasHostBits() {
        return !address.equals(firstAddress());
    }

    /** The netmask as an address, e.g. 255.255.255.0 for /24. */
    public InetAddress netmask() {
        return InetAddresses.fromBytes(maskBytes());
    }

    /** The number of addresses in the prefix. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(maxLength() - prefixLength);
    }

    /** The address at offset n from the network address (0 is the network address). */
    public InetAddress addressAt(BigInteger n) {
        if (n.signum() < 0 || n.compareTo(size()) >= 0) {
            throw new IllegalArgumentException("offset " + n + " is outside " + network());
        }
        return InetAddresses.fromBigInteger(InetAddresses.toBigInteger(firstAddress()).add(n), isIpv6());
    }

    /** Whether the address is in this prefix (same family and same network bits). */
    public boolean contains(InetAddress other) {
        if (other == null || InetAddresses.isIpv6(other) != isIpv6()) {
            return false;
        }
        byte[] a = address.getAddress();
        byte[] b = other.getAddress();
        byte[] mask = maskBytes();
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & mask[i]) != (b[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether the numeric address is in this prefix. */
    public boolean contains(IpAddress other) {
        return other.isV6() == isIpv6() && contains(other.toInetAddress());
    }

    /** Whether every address of other is in this prefix. */
    public boolean contains(IpPrefix other) {
        return other.prefixLength >= prefixLength && contains(other.address);
    }

    /** Whether the two prefixes share at least one address. */
    public boolean overlaps(IpPrefix other) {
        return contains(other) || other.contains(this);
    }

    private byte[] maskBytes() {
        byte[] mask = new byte[maxLength() / 8];
        for (int bit = 0; bit < prefixLength; bit++) {
            mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return mask;
    }

    private static int maxLength(InetAddress address) {
        return InetAddresses.isIpv6(address) ? 128 : 32;
    }

    // equals and hashCode are the record's own, written out: the generated ones are linked at
    // their first call through ObjectMethods, which spins classes at run time (~5 ms of an exec'd
    // plugin's start; an AOT cache does not keep them).
    @Override
    public boolean equals(Object other) {
        return other instanceof IpPrefix prefix && prefixLength == prefix.prefixLength && address.equals(prefix.address);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + Integer.hashCode(prefixLength);
    }

    @Override
    public String toString() {
        return InetAddresses.format(address) + "/" + prefixLength;
    }
}
