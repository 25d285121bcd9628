package dev.tether.ipam.net;

import dev.tether.natives.ip.IpAddress;
import java.math.BigInteger;

/**
 * An address with a prefix length, e.g. {@code 10.22.0.5/24}. Used both for subnets (host bits
 * zero) and for an address in its subnet, as CNI results write it.
 * Minimal on purpose: swap for the native module's IpPrefix when that lands.
 */
public record IpPrefix(IpAddress address, int length) {

    public IpPrefix {
        if (address == null) {
            throw new IllegalArgumentException("prefix without an address");
        }
        if (length < 0 || length > address.bitLength()) {
            throw new IllegalArgumentException("invalid prefix length /" + length + " for " + address);
        }
    }

    /** Parses {@code ADDRESS/LENGTH}. */
    public static IpPrefix parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR \"" + text + "\": expected ADDRESS/LENGTH");
        }
        IpAddress address = IpAddress.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (!len.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("invalid CIDR \"" + text + "\": bad prefix length");
        }
        return new IpPrefix(address, Integer.parseInt(len));
    }

    /** Parses a CIDR, or a bare address as a single-address prefix (/32 or /128). */
    public static IpPrefix parseAddressOrCidr(String text) {
        if (text != null && text.indexOf('/') >= 0) {
            return parse(text);
        }
        return single(IpAddress.parse(text));
    }

    public static IpPrefix single(IpAddress address) {
        return new IpPrefix(address, address.bitLength());
    }

    private BigInteger hostMask() {
        return BigInteger.ONE.shiftLeft(address.bitLength() - length).subtract(BigInteger.ONE);
    }

    /** The first address (host bits cleared). */
    public IpAddress first() {
        return IpAddress.ofValue(address.isV6(), address.value().andNot(hostMask()));
    }

    /** The last address (host bits set): the IPv4 broadcast address. */
    public IpAddress last() {
        return IpAddress.ofValue(address.isV6(), address.value().or(hostMask()));
    }

    /** This prefix with host bits cleared. */
    public IpPrefix network() {
        return new IpPrefix(first(), length);
    }

    public boolean hasHostBits() {
        return !address.equals(first());
    }

    public boolean contains(IpAddress a) {
        return a.sameFamily(address) && a.compareTo(first()) >= 0 && a.compareTo(last()) <= 0;
    }

    public boolean isV6() {
        return address.isV6();
    }

    /** Number of addresses covered. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(address.bitLength() - length);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
