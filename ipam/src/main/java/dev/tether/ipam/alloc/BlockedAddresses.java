package dev.tether.ipam.alloc;

import dev.tether.ipam.config.Range;
import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Addresses of one range that are never handed out: the network address, the IPv4 broadcast
 * address, the gateway and the configured {@code exclude} entries, kept as merged intervals so
 * a whole excluded CIDR is skipped in one step.
 */
public final class BlockedAddresses {
    private final TreeMap<IpAddress, IpAddress> intervals = new TreeMap<>();

    public BlockedAddresses(Range range, List<IpPrefix> exclude) {
        IpPrefix subnet = range.subnet();
        block(subnet.firstIp(), subnet.firstIp(), range);
        if (!subnet.isIpv6()) {
            block(subnet.lastIp(), subnet.lastIp(), range);
        }
        block(range.gateway(), range.gateway(), range);
        for (IpPrefix p : exclude) {
            if (p.isIpv6() == subnet.isIpv6()) {
                block(p.firstIp(), p.lastIp(), range);
            }
        }
    }

    /** Why {@code a} is blocked in this range, or null if it is not. */
    public static String reason(Range range, List<IpPrefix> exclude, IpAddress a) {
        IpPrefix subnet = range.subnet();
        if (a.equals(subnet.firstIp())) {
            return "the network address of " + subnet;
        }
        if (!subnet.isIpv6() && a.equals(subnet.lastIp())) {
            return "the broadcast address of " + subnet;
        }
        if (a.equals(range.gateway())) {
            return "the gateway of " + subnet;
        }
        for (IpPrefix p : exclude) {
            if (p.contains(a)) {
                return "excluded by ipam.exclude " + p;
            }
        }
        return null;
    }

    /** Adds [first, last] clipped to the range, merging with touching intervals. */
    private void block(IpAddress first, IpAddress last, Range range) {
        if (first.compareTo(range.rangeStart()) < 0) {
            first = range.rangeStart();
        }
        if (last.compareTo(range.rangeEnd()) > 0) {
            last = range.rangeEnd();
        }
        if (first.compareTo(last) > 0) {
            return;
        }
        Map.Entry<IpAddress, IpAddress> before = intervals.floorEntry(first);
        if (before != null && touches(before.getValue(), first)) {
            first = before.getKey();
            last = max(last, before.getValue());
            intervals.remove(before.getKey());
        }
        Map.Entry<IpAddress, IpAddress> after = intervals.ceilingEntry(first);
        while (after != null && touches(last, after.getKey())) {
            last = max(last, after.getValue());
            intervals.remove(after.getKey());
            after = intervals.ceilingEntry(first);
        }
        intervals.put(first, last);
    }

    /** The last address of the blocked interval containing {@code a}, or null if {@code a} is not blocked. */
    public IpAddress endOfBlockAt(IpAddress a) {
        Map.Entry<IpAddress, IpAddress> e = intervals.floorEntry(a);
        return e != null && e.getValue().compareTo(a) >= 0 ? e.getValue() : null;
    }

    /** Number of blocked addresses (all inside the range). */
    public BigInteger count() {
        BigInteger n = BigInteger.ZERO;
        for (Map.Entry<IpAddress, IpAddress> e : intervals.entrySet()) {
            n = n.add(e.getKey().countTo(e.getValue()));
        }
        return n;
    }

    /** Whether an interval ending at {@code end} overlaps or adjoins one starting at {@code start}. */
    private static boolean touches(IpAddress end, IpAddress start) {
        return end.compareTo(start) >= 0 || end.next().equals(start);
    }

    private static IpAddress max(IpAddress a, IpAddress b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
