package dev.tether.ipam.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A stored allocation. {@code bootId} is the kernel boot id when it was made: leases from an
 * earlier boot are released when the store is opened. A null {@code bootId} marks a lease that
 * survives reboots (manual reservations).
 *
 * @param name    optional host name for name resolution (null when absent)
 * @param aliases optional further names
 */
public record Lease(LeaseKey key, List<LeasedAddress> addresses, Instant created, String bootId,
                    String name, List<String> aliases) {

    public Lease {
        addresses = List.copyOf(addresses);
        aliases = List.copyOf(aliases);
        created = created.truncatedTo(ChronoUnit.MILLIS); // the precision the store keeps
    }

    public boolean survivesReboot() {
        return bootId == null;
    }
}
