package dev.tether.ipam.store;

import dev.tether.ipam.alloc.AllocatedRuns;
import dev.tether.natives.ip.IpAddress;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One network's taken addresses as maximal runs {@code start -> end} in a sorted map, merged on
 * insert and split on removal: every operation is a few O(log n) map calls, whatever the number
 * of leases and however large the range (a /64 costs no more than a /24).
 */
final class RunIndex implements AllocatedRuns {
    private final NavigableMap<byte[], byte[]> runs;
    private final AddressKeys keys;

    RunIndex(NavigableMap<byte[], byte[]> runs, AddressKeys keys) {
        this.runs = runs;
        this.keys = keys;
    }

    @Override
    public IpAddress endOfRunAt(IpAddress a) {
        Map.Entry<byte[], byte[]> run = runAtOrBefore(a);
        if (run == null) {
            return null;
        }
        IpAddress end = IpAddress.ofBytes(run.getValue());
        return end.compareTo(a) >= 0 ? end : null;
    }

    /** Marks {@code a} taken; it must be free. */
    void add(IpAddress a) {
        Map.Entry<byte[], byte[]> left = runAtOrBefore(a);
        // a is free, so a run at or before it ends before it (and a is not the lowest address).
        boolean joinsLeft = left != null && IpAddress.ofBytes(left.getValue()).equals(a.previous());
        byte[] rightKey = a.isMax() ? null : keys.key(a.next());
        byte[] rightEnd = rightKey == null ? null : runs.get(rightKey);
        if (rightEnd != null) {
            runs.remove(rightKey);
        }
        byte[] end = rightEnd != null ? rightEnd : a.toBytes();
        if (joinsLeft) {
            runs.put(left.getKey(), end);
        } else {
            runs.put(keys.key(a), end);
        }
    }

    /** Marks {@code a} free again; no effect if it is free. */
    void remove(IpAddress a) {
        Map.Entry<byte[], byte[]> run = runAtOrBefore(a);
        if (run == null) {
            return;
        }
        IpAddress start = keys.address(run.getKey());
        IpAddress end = IpAddress.ofBytes(run.getValue());
        if (end.compareTo(a) < 0) {
            return;
        }
        if (start.equals(a)) {
            runs.remove(run.getKey());
        } else {
            runs.put(run.getKey(), a.previous().toBytes());
        }
        if (!end.equals(a)) {
            runs.put(keys.key(a.next()), end.toBytes());
        }
    }

    /** Number of taken addresses in [from, to]: walks the runs there, for queries only. */
    BigInteger countTaken(IpAddress from, IpAddress to) {
        BigInteger n = BigInteger.ZERO;
        Map.Entry<byte[], byte[]> before = runAtOrBefore(from);
        byte[] startKey = keys.key(from);
        if (before != null && !Arrays.equals(before.getKey(), startKey)) {
            n = n.add(overlap(from, IpAddress.ofBytes(before.getValue()), from, to));
        }
        for (Map.Entry<byte[], byte[]> e : runs.subMap(startKey, true, keys.key(to), true).entrySet()) {
            n = n.add(overlap(keys.address(e.getKey()), IpAddress.ofBytes(e.getValue()), from, to));
        }
        return n;
    }

    private static BigInteger overlap(IpAddress start, IpAddress end, IpAddress from, IpAddress to) {
        IpAddress lo = start.compareTo(from) > 0 ? start : from;
        IpAddress hi = end.compareTo(to) < 0 ? end : to;
        return lo.countTo(hi);
    }

    private Map.Entry<byte[], byte[]> runAtOrBefore(IpAddress a) {
        Map.Entry<byte[], byte[]> e = runs.floorEntry(keys.key(a));
        return e != null && keys.sameSpace(e.getKey(), a) ? e : null;
    }
}
