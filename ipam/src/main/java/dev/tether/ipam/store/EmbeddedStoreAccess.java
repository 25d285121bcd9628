package dev.tether.ipam.store;

import dev.tether.ipam.IpamException;
import java.nio.file.Path;

/**
 * Opens the store for each call and closes it after: for a process that does one operation.
 * Concurrent processes queue on the store's file lock. (A process that found the lock taken used
 * to load MapDB's classes on a throwaway store while it waited; with the AOT cache that work
 * shortens the wait little and, where the waiting processes share few cores, costs the others:
 * without it, 8 exec'd plugins in parallel on 2 cores took 4-8 % less time and 5-7 % less CPU.)
 */
public final class EmbeddedStoreAccess implements StoreAccess {
    /**
     * Does ahead of time, on any thread, part of the one-time set-up of a process's first store:
     * MapDB's constants, which pick lz4's hashing (and load lz4's JNI library where it is loaded
     * from the class path).
     */
    public static void preload() {
        JournaledStore.initMapDb();
    }

    private final StoreOptions options;

    public EmbeddedStoreAccess(StoreOptions options) {
        this.options = options;
    }

    /**
     * Threads of one JVM take the store one at a time: the file lock only keeps other processes
     * out (a second lock of the same file in one JVM fails rather than waits).
     */
    private static final Object IN_PROCESS = new Object();

    @Override
    public <T> T withStore(Path dataDir, StoreCall<T> call) throws IpamException {
        synchronized (IN_PROCESS) {
            try (IpamStore store = IpamStore.open(dataDir, options)) {
                return call.call(store);
            }
        }
    }

    @Override
    public void close() {
    }
}
