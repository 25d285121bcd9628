package dev.tether.ipam.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.mapdb.CC;
import org.mapdb.StoreWAL;
import org.mapdb.volume.RandomAccessFileVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * Opens a MapDB file with transactions whose commits survive a kill at any moment: MapDB's
 * StoreWAL on a {@link JournaledVolume}. StoreWAL's own write-ahead log, which it never reads
 * back, is kept in memory (it still backs rollback), so it costs no disk writes.
 */
final class JournaledStores {
    private JournaledStores() {}

    /**
     * Initialises MapDB's constants and links the call sites of StoreWAL's commit (see
     * {@link EmbeddedStoreAccess#preload()}): its lambdas are serializable ones, which the AOT
     * cache does not keep, so each process spins them anew (~9 ms of CPU), here by committing
     * a throwaway in-memory store.
     */
    static void preload() {
        CC.HASH_FACTORY.hash32();
        StoreWAL memory = storeWal(null, CC.DEFAULT_MEMORY_VOLUME_FACTORY, 0L);
        memory.commit();
        memory.close();
    }

    /**
     * Opens an existing store file, waiting up to {@code lockWaitMillis} for another process's
     * lock, and brings it to its last committed state first.
     *
     * @throws org.mapdb.DBException.FileLocked the lock was held longer
     */
    static StoreWAL open(Path file, long lockWaitMillis) {
        return open(file, lockWaitMillis, UnaryOperator.identity());
    }

    /** As {@link #open(Path, long)}, the file's volume passed through {@code files} (tests simulate crashes there). */
    static StoreWAL open(Path file, long lockWaitMillis, UnaryOperator<Volume> files) {
        return storeWal(file.toString(), new Factory(file, files), lockWaitMillis);
    }

    /**
     * A StoreWAL made as every store here is (the store file's and {@link #preload}'s throwaway
     * alike, so that the throwaway's commit takes the file store's path); {@code file} null for
     * one in memory.
     */
    private static StoreWAL storeWal(String file, VolumeFactory volumes, long lockWaitMillis) {
        return StoreWAL.make(file, volumes, lockWaitMillis, true, CC.STORE_DIRECT_CONC_SHIFT, 0L, 0L,
                false, false, false, true, false);
    }

    /** The store file as a journaled volume; StoreWAL's log files in memory. */
    private static final class Factory extends VolumeFactory {
        private final Path file;
        private final UnaryOperator<Volume> files;

        Factory(Path file, UnaryOperator<Volume> files) {
            this.file = file;
            this.files = files;
        }

        @Override
        public Volume makeVolume(String path, boolean readOnly, long fileLockWait, int sliceShift, long initSize,
                                 boolean fixedSize) {
            if (path == null || !Path.of(path).equals(file)) {
                return CC.DEFAULT_MEMORY_VOLUME_FACTORY.makeVolume(null, false, 0L, sliceShift, 0L, false);
            }
            Volume volume = files.apply(RandomAccessFileVol.FACTORY.makeVolume(path, readOnly, fileLockWait, sliceShift,
                    initSize, fixedSize));
            try {
                return new JournaledVolume(volume, RedoJournal.recover(file, volume));
            } catch (RuntimeException e) {
                volume.close();
                throw e;
            }
        }

        @Override
        public boolean exists(String path) {
            return path != null && Path.of(path).equals(file) && Files.exists(file);
        }

        @Override
        public boolean handlesReadonly() {
            return false;
        }
    }
}
