package dev.tether.ipam.query;

import java.util.List;

/** Usage of every range of a network, from the range definition stored on its last ADD. */
public record NetworkUsage(String network, List<RangeUsage> ranges, int leases) {
}
