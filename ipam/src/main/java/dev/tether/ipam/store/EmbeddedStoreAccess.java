package dev.tether.ipam.store;

import dev.tether.ipam.IpamException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens the store for each call and closes it after: for a process that does one operation.
 * Concurrent processes queue on the store's file lock; a process that finds the lock taken loads
 * MapDB's classes before queueing ({@link IpamStore#preload()}), which shrinks the time each
 * process holds the lock from about 300 ms to about 50 ms in a cold JVM. One that finds it free
 * goes ahead: preloading would only delay it (~15 ms with an AOT cache).
 */
public final class EmbeddedStoreAccess implements StoreAccess {
    /**
     * Does ahead of time, on any thread, part of the one-time set-up of a process's first store:
     * MapDB's constants, which pick lz4's hashing (and load lz4's JNI library where it is loaded
     * from the class path), and the linking of StoreWAL's commit (~9 ms), which the store's first
     * commit would otherwise do at the end of the call.
     * Not the whole of {@link IpamStore#preload()}: in an exec'd plugin the cores are busy enough
     * that its extra work (a throwaway store with tables) costs as much as it saves.
     */
    public static void preload() {
        JournaledStores.preload();
    }

    private final StoreOptions options;

    public EmbeddedStoreAccess(StoreOptions options) {
        this.options = options;
    }

    /**
     * Threads of one JVM take the store one at a time: the file lock only keeps other processes
     * out, and {@link #lockTaken}'s probe would drop the lock another thread of this process holds.
     */
    private static final Object IN_PROCESS = new Object();

    @Override
    public <T> T withStore(Path dataDir, StoreCall<T> call) throws IpamException {
        synchronized (IN_PROCESS) {
            if (lockTaken(StoreLocation.storeFile(dataDir))) {
                IpamStore.preload();
            }
            try (IpamStore store = IpamStore.open(dataDir, options)) {
                return call.call(store);
            }
        }
    }

    /**
     * Whether another process holds the store file's lock now (no file: no). A probe of its own,
     * closed before MapDB locks the file: closing any descriptor of a file drops this process's
     * locks on it, and a MapDB open that fails on the lock leaves its descriptor open.
     */
    private static boolean lockTaken(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException heldHere) {
            return true;
        } catch (IOException noFileYet) {
            return false;
        }
    }

    @Override
    public void close() {
    }
}
