package dev.tether.ipam.config;

import dev.tether.natives.ip.IpAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Ranges of one address family that together yield one address per attachment. */
public record RangeSet(List<Range> ranges) {

    public RangeSet {
        ranges = List.copyOf(ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("empty range set");
        }
    }

    public Optional<Range> rangeFor(IpAddress a) {
        return ranges.stream().filter(r -> r.contains(a)).findFirst();
    }

    public boolean contains(IpAddress a) {
        return rangeFor(a).isPresent();
    }

    public boolean overlaps(RangeSet other) {
        return ranges.stream().anyMatch(r -> other.ranges.stream().anyMatch(r::overlaps));
    }

    public boolean isV6() {
        return ranges.get(0).isV6();
    }

    /** host-local's notation: ranges joined by commas. */
    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(","));
    }
}
