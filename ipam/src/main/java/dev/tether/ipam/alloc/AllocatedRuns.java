package dev.tether.ipam.alloc;

import dev.tether.natives.ip.IpAddress;

/**
 * The taken addresses of one network as maximal runs of consecutive addresses, so the next free
 * address is found by jumping over whole runs (O(log n) per jump) instead of testing addresses.
 */
public interface AllocatedRuns {

    /** The last address of the run containing {@code a}, or null when {@code a} is free. */
    IpAddress endOfRunAt(IpAddress a);
}
