package dev.tether.ipam.alloc;

import dev.tether.ipam.config.Range;
import dev.tether.ipam.config.RangeSet;
import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the next free address of a range set in host-local's order: after the last address
 * handed out, to the end of its range, through the following ranges, wrapping round to the
 * start and back to the last address. Each step jumps over a whole run of taken addresses or a
 * whole blocked interval, so the cost is independent of the number of leases and range size.
 */
public final class FreeAddressFinder {
    private final RangeSet set;
    private final List<BlockedAddresses> blocked = new ArrayList<>();
    private final AllocatedRuns taken;

    public FreeAddressFinder(RangeSet set, List<IpPrefix> exclude, AllocatedRuns taken) {
        this.set = set;
        this.taken = taken;
        for (Range r : set.ranges()) {
            blocked.add(new BlockedAddresses(r, exclude));
        }
    }

    /** @param last the last address handed out from this set, or null */
    public Optional<IpAddress> next(IpAddress last) {
        List<Range> ranges = set.ranges();
        int n = ranges.size();
        int at = last == null ? -1 : indexOf(last);
        if (at < 0) {
            for (int i = 0; i < n; i++) {
                Optional<IpAddress> found = firstFree(i, ranges.get(i).rangeStart(), ranges.get(i).rangeEnd());
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        Range current = ranges.get(at);
        if (!last.equals(current.rangeEnd())) {
            Optional<IpAddress> found = firstFree(at, last.next(), current.rangeEnd());
            if (found.isPresent()) {
                return found;
            }
        }
        for (int k = 1; k < n; k++) {
            int i = (at + k) % n;
            Optional<IpAddress> found = firstFree(i, ranges.get(i).rangeStart(), ranges.get(i).rangeEnd());
            if (found.isPresent()) {
                return found;
            }
        }
        return firstFree(at, current.rangeStart(), last);
    }

    private int indexOf(IpAddress a) {
        List<Range> ranges = set.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).contains(a)) {
                return i;
            }
        }
        return -1;
    }

    /** First address in [from, to] of range {@code i} that is neither taken nor blocked. */
    private Optional<IpAddress> firstFree(int i, IpAddress from, IpAddress to) {
        IpAddress candidate = from;
        while (candidate.compareTo(to) <= 0) {
            IpAddress skipTo = taken.endOfRunAt(candidate);
            if (skipTo == null) {
                skipTo = blocked.get(i).endOfBlockAt(candidate);
            }
            if (skipTo == null) {
                return Optional.of(candidate);
            }
            if (skipTo.compareTo(to) >= 0) {
                return Optional.empty();
            }
            candidate = skipTo.next();
        }
        return Optional.empty();
    }
}
