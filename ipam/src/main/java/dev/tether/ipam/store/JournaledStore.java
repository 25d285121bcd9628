package dev.tether.ipam.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.mapdb.CC;
import org.mapdb.Serializer;
import org.mapdb.StoreDirect;
import org.mapdb.volume.RandomAccessFileVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;

/**
 * A MapDB file with transactions whose commits survive a kill at any moment: MapDB's StoreDirect
 * on a {@link JournaledVolume}, which holds every write back until the commit and then makes it
 * atomic; a rollback drops what it held.
 *
 * <p>Not MapDB's StoreWAL: its commit, besides writing everything twice (its log, then the file),
 * links four serializable lambdas, which the AOT cache does not keep (~12 ms of CPU in each
 * exec'd process), and it zeroes 1 MB arrays for its in-memory log. The file format is the same.
 */
final class JournaledStore implements AutoCloseable {
    private final Path file;
    private final JournaledVolume volume;
    private StoreDirect store;

    private JournaledStore(Path file, JournaledVolume volume, StoreDirect store) {
        this.file = file;
        this.volume = volume;
        this.store = store;
    }

    /**
     * Initialises MapDB's constants (which pick lz4's hashing) and its serializers (~2 ms, which
     * the store's tables would otherwise spend on the IPAM call's critical path), at most once,
     * on whichever thread comes first; any other waits for it to finish.
     */
    static void initMapDb() {
        MapDbClasses.initialised();
    }

    /**
     * MapDB's serializer classes initialise each other in a cycle: {@code Serializer}'s constants
     * are instances of subclasses of {@code GroupSerializerObjectArray}, whose initialisation in
     * turn initialises {@code Serializer} (an interface with default methods). Two threads that
     * entered the cycle at different classes would wait for each other for ever; every thread
     * goes through this class's initialisation first, which lets one in at a time.
     */
    private static final class MapDbClasses {
        static {
            CC.HASH_FACTORY.hash32();
            Serializer.STRING.isTrusted();
        }

        static void initialised() {}
    }

    /**
     * Opens an existing store file, waiting up to {@code lockWaitMillis} for another process's
     * lock, and brings it to its last committed state first.
     *
     * @throws org.mapdb.DBException.FileLocked the lock was held longer
     */
    static JournaledStore open(Path file, long lockWaitMillis) {
        return open(file, lockWaitMillis, UnaryOperator.identity());
    }

    /** As {@link #open(Path, long)}, the file's volume passed through {@code files} (tests simulate crashes there). */
    static JournaledStore open(Path file, long lockWaitMillis, UnaryOperator<Volume> files) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no store file " + file); // StoreDirect would make one
        }
        Volume raw = files.apply(RandomAccessFileVol.FACTORY.makeVolume(file.toString(), false, lockWaitMillis,
                CC.PAGE_SHIFT, 0L, false));
        JournaledVolume volume;
        try {
            volume = new JournaledVolume(raw, RedoJournal.recover(file, raw));
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
        try {
            return new JournaledStore(file, volume, storeOn(file, volume));
        } catch (RuntimeException e) {
            volume.close();
            throw e;
        }
    }

    /** A StoreDirect over {@code volume}, read from its committed state. */
    private static StoreDirect storeOn(Path file, JournaledVolume volume) {
        return StoreDirect.Companion.make(file.toString(), VolumeFactory.wrap(volume, true), 0L, false, true,
                CC.STORE_DIRECT_CONC_SHIFT, 0L, 0L, false, false, false, true, false);
    }

    /** The store as it is now: a new object after each {@link #rollback()}. */
    StoreDirect store() {
        return store;
    }

    /** Makes everything written since the last commit durable, atomically. */
    void commit() {
        store.commit();
    }

    /**
     * Drops everything written since the last commit. The store is then a new StoreDirect read
     * afresh from the file (StoreDirect keeps its list of index pages in memory, which the dropped
     * writes may have grown): maps made on the old one must be made again on {@link #store()}.
     */
    StoreDirect rollback() {
        volume.discard();
        store = storeOn(file, volume);
        return store;
    }

    /**
     * Closes the store; anything not committed is dropped, not committed (the volume's close drops
     * it). The volume is closed directly: StoreDirect's close would only sum the header again, to
     * rewrite it unchanged.
     */
    @Override
    public void close() {
        volume.close();
    }

    boolean isClosed() {
        return volume.isClosed();
    }
}
