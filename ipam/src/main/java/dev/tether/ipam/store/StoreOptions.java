package dev.tether.ipam.store;

import java.time.Clock;
import java.time.Duration;

/**
 * How a store is opened.
 *
 * @param lockWait how long to wait for another process's lock before {@code StoreBusy}
 * @param bootId   the boot id stamped on new leases; leases with another one are released on open
 * @param clock    source of lease creation times
 */
public record StoreOptions(Duration lockWait, String bootId, Clock clock) {

    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(30);

    /** The defaults: 30 s lock wait, this boot's id, the system clock. */
    public static StoreOptions defaults() {
        return new StoreOptions(DEFAULT_LOCK_WAIT, BootId.current(), Clock.systemUTC());
    }

    public StoreOptions withLockWait(Duration wait) {
        return new StoreOptions(wait, bootId, clock);
    }

    public StoreOptions withBootId(String id) {
        return new StoreOptions(lockWait, id, clock);
    }
}
