package dev.tether.ipam.config;

import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;

/**
 * One host-local range, canonical: every field set (defaults applied by {@link IpamConfigParser}).
 * {@code rangeStart}..{@code rangeEnd} (both included) is where addresses are handed out from;
 * the network address, the IPv4 broadcast address and the gateway inside it are skipped.
 */
public record Range(IpPrefix subnet, IpAddress rangeStart, IpAddress rangeEnd, IpAddress gateway) {

    public boolean contains(IpAddress a) {
        return subnet.contains(a) && a.compareTo(rangeStart) >= 0 && a.compareTo(rangeEnd) <= 0;
    }

    public boolean overlaps(Range other) {
        return rangeStart.sameFamily(other.rangeStart)
                && rangeStart.compareTo(other.rangeEnd) <= 0
                && other.rangeStart.compareTo(rangeEnd) <= 0;
    }

    public boolean isV6() {
        return subnet.isIpv6();
    }

    /** The address with this range's prefix length, as a CNI result writes it. */
    public IpPrefix withPrefix(IpAddress a) {
        return IpPrefix.of(a, subnet.prefixLength());
    }

    /** host-local's notation: {@code start-end}. */
    @Override
    public String toString() {
        return rangeStart + "-" + rangeEnd;
    }
}
