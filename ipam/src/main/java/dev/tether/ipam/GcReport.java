package dev.tether.ipam;

import dev.tether.ipam.store.Lease;
import java.util.List;

/**
 * Outcome of GC: the leases released, and every problem met on the way (a malformed entry of
 * the keep list, a lease that could not be released). GC carries on past problems.
 */
public record GcReport(List<Lease> released, List<String> problems) {

    public GcReport {
        released = List.copyOf(released);
        problems = List.copyOf(problems);
    }
}
