package dev.tether.ipam.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.DataInput2;
import org.mapdb.Serializer;
import org.mapdb.Store;
import org.mapdb.volume.Volume;

/**
 * Commits made atomic by the redo journal: a process that dies while a commit is being written
 * into the store file leaves either the whole commit (the journal is replayed) or none of it (a
 * torn journal is dropped). The death is simulated by a file volume that stops writing midway.
 */
class JournaledStoreTest {
    @TempDir
    Path dir;

    /** Dies (throws, then refuses everything) after a number of writes once armed. */
    private static final class DyingVolume extends Volume {
        private final Volume file;
        int writesLeft = Integer.MAX_VALUE;

        DyingVolume(Volume file) {
            this.file = file;
        }

        private void write() {
            if (writesLeft-- <= 0) {
                throw new SimulatedDeath();
            }
        }

        @Override public void ensureAvailable(long offset) { file.ensureAvailable(offset); }
        @Override public void truncate(long size) { file.truncate(size); }
        @Override public void putLong(long offset, long value) { write(); file.putLong(offset, value); }
        @Override public void putInt(long offset, int value) { write(); file.putInt(offset, value); }
        @Override public void putByte(long offset, byte value) { write(); file.putByte(offset, value); }
        @Override public void putData(long offset, byte[] src, int pos, int size) { write(); file.putData(offset, src, pos, size); }
        @Override public void putData(long offset, ByteBuffer buf) { write(); file.putData(offset, buf); }
        @Override public long getLong(long offset) { return file.getLong(offset); }
        @Override public int getInt(long offset) { return file.getInt(offset); }
        @Override public byte getByte(long offset) { return file.getByte(offset); }
        @Override public DataInput2 getDataInput(long offset, int size) { return file.getDataInput(offset, size); }
        @Override public void getData(long offset, byte[] bytes, int pos, int size) { file.getData(offset, bytes, pos, size); }
        @Override public void close() { file.close(); }
        @Override public void sync() { write(); file.sync(); }
        @Override public int sliceSize() { return file.sliceSize(); }
        @Override public boolean isSliced() { return file.isSliced(); }
        @Override public long length() { return file.length(); }
        @Override public boolean isReadOnly() { return false; }
        @Override public File getFile() { return file.getFile(); }
        @Override public boolean getFileLocked() { return file.getFileLocked(); }
        @Override public void clear(long start, long end) { write(); file.clear(start, end); }
    }

    private static final class SimulatedDeath extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private Path store() {
        Path file = dir.resolve("test.db");
        DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        db.commit();
        db.close();
        return file;
    }

    /** MapDB's DB over an opened store, as a user of the store file outside Tether would have it. */
    private static DB db(JournaledStore store) {
        return new DB(store.store(), true, true, JournaledStoreTest.class.getClassLoader(), 0);
    }

    private static BTreeMap<String, String> map(DB db) {
        return db.treeMap("m", Serializer.STRING, Serializer.STRING).createOrOpen();
    }

    private static Map<String, String> contents(Path file) {
        DB db = db(JournaledStore.open(file, 1000));
        try {
            return new TreeMap<>(map(db));
        } finally {
            db.close();
        }
    }

    /** Commits "before", then dies after {@code writes} file writes of a second commit adding "after". */
    private void dieDuringSecondCommit(Path file, int writes) {
        DyingVolume[] dying = new DyingVolume[1];
        DB db = db(JournaledStore.open(file, 1000, volume -> dying[0] = new DyingVolume(volume)));
        BTreeMap<String, String> map = map(db);
        for (int i = 0; i < 200; i++) {
            map.put("before-" + i, "x".repeat(i));
        }
        db.commit();
        for (int i = 0; i < 200; i++) {
            map.put("after-" + i, "y".repeat(i));
        }
        map.remove("before-7");
        dying[0].writesLeft = writes;
        db.commit(); // journaled, so done; the file's writes stop midway (the volume logs it)
        assertTrue(dying[0].writesLeft < 0, "the file stopped in the middle of the commit");
        dying[0].file.close(); // the dead process's descriptors close, nothing more is written
    }

    @Test
    void aCommitCutShortInTheStoreFileIsCompletedFromTheJournal() {
        Path file = store();
        for (int writes : List.of(0, 1, 3, 10)) {
            Path copy = dir.resolve("cut-" + writes + ".db");
            try {
                Files.copy(file, copy);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            dieDuringSecondCommit(copy, writes);
            Map<String, String> after = contents(copy);
            assertEquals(399, after.size(), "cut after " + writes + " writes: the whole second commit is there");
            assertNull(after.get("before-7"));
            assertEquals("y".repeat(199), after.get("after-199"));
            assertEquals(0, copy.resolveSibling(copy.getFileName() + ".journal").toFile().length(), "replayed, then emptied");
        }
    }

    private static final NamedTables.Table<String, String> M = new NamedTables.Table<>("m", NamedTables.Column.STRING,
            NamedTables.Column.STRING);

    private static NavigableMap<String, String> table(Store store) {
        return NamedTables.openOrCreate(store, List.of(M)).get(M);
    }

    @Test
    void aRollbackDropsWhatFollowedTheLastCommitAndTheStoreGoesOn() throws Exception {
        Path file = store();
        JournaledStore store = JournaledStore.open(file, 1000);
        try {
            NavigableMap<String, String> map = table(store.store());
            for (int i = 0; i < 200; i++) {
                map.put("kept-" + i, "x".repeat(i));
            }
            store.commit();
            byte[] committed = Files.readAllBytes(file);
            for (int i = 0; i < 300; i++) { // new nodes, records and free-list pages
                map.put("dropped-" + i, "y".repeat(i * 3));
            }
            map.remove("kept-7");

            Store fresh = store.rollback();
            byte[] now = Files.readAllBytes(file);
            assertArrayEquals(committed, Arrays.copyOf(now, committed.length), "nothing rolled back reached the file");
            for (int i = committed.length; i < now.length; i++) {
                assertEquals(0, now[i], "the file may only have grown, with zeros");
            }
            map = table(fresh);
            assertEquals(200, map.size());
            assertEquals("x".repeat(7), map.get("kept-7"));
            assertNull(map.get("dropped-0"));
            for (int i = 0; i < 300; i++) {
                map.put("after-" + i, "z".repeat(i));
            }
            store.commit();
        } finally {
            store.close();
        }
        Map<String, String> reopened = contents(file);
        assertEquals(500, reopened.size());
        assertEquals("z".repeat(299), reopened.get("after-299"));
        assertNull(reopened.get("dropped-299"));
    }

    /**
     * A commit whose journal was written happened, though writing it into the file then failed:
     * it is reported as done, written again before the store's next commit (which fails while
     * the file still does), and kept by a rollback. A daemon goes on with the same store.
     */
    @Test
    void aCommitWhoseJournalWasWrittenHappenedThoughWritingItIntoTheFileFailed() throws Exception {
        Path file = store();
        DyingVolume[] disk = new DyingVolume[1];
        JournaledStore store = JournaledStore.open(file, 1000, volume -> disk[0] = new DyingVolume(volume));
        try {
            NavigableMap<String, String> map = table(store.store());
            map.put("first", "1");
            store.commit();
            map.put("second", "2".repeat(500));
            disk[0].writesLeft = 2; // the journal is written; the file fails after two of the commit's writes
            store.commit();
            map.put("third", "3");
            assertThrows(SimulatedDeath.class, store::commit, "the journaled commit cannot be written yet, so no new one");
            disk[0].writesLeft = Integer.MAX_VALUE; // the file works again

            map = table(store.rollback());
            assertEquals(Map.of("first", "1", "second", "2".repeat(500)), new TreeMap<>(map), "second stays, third is dropped");
            map.put("fourth", "4");
            store.commit();
        } finally {
            store.close();
        }
        assertEquals(Map.of("first", "1", "second", "2".repeat(500), "fourth", "4"), contents(file));
        assertEquals(0, Files.size(RedoJournal.pathFor(file)));
    }

    @Test
    void closingDropsWhatWasNotCommitted() throws Exception {
        Path file = store();
        JournaledStore store = JournaledStore.open(file, 1000);
        table(store.store()).put("kept", "1");
        store.commit();
        byte[] committed = Files.readAllBytes(file);
        table(store.store()).put("dropped", "2");
        store.close();
        assertArrayEquals(committed, Files.readAllBytes(file));
        assertEquals(Map.of("kept", "1"), contents(file));
    }

    @Test
    void aTornJournalIsDroppedAndTheCommitBeforeStays() throws Exception {
        Path file = store();
        DB db = db(JournaledStore.open(file, 1000));
        map(db).put("kept", "1");
        db.commit();
        db.close();
        byte[] torn = RedoJournal.encode(List.of(new RedoJournal.Write(0, new byte[64]), new RedoJournal.Write(4096, new byte[64])))
                .array();
        Path journal = RedoJournal.pathFor(file);
        Files.write(journal, java.util.Arrays.copyOf(torn, torn.length - 3)); // the commit died writing its journal
        assertEquals(Map.of("kept", "1"), contents(file), "the zeros in the torn journal never reach the file");
        assertEquals(0, Files.size(journal));
    }

    /** A journal an earlier version left ("TTJ1", CRC-32) is replayed all the same. */
    @Test
    void aJournalOfTheEarlierFormatIsStillReplayed() throws Exception {
        List<RedoJournal.Write> writes = List.of(new RedoJournal.Write(8, new byte[] {1, 2, 3}));
        ByteBuffer current = RedoJournal.encode(writes);
        assertEquals(0x54544A32, current.getInt(0), "written as TTJ2");
        ByteBuffer earlier = ByteBuffer.wrap(current.array().clone());
        earlier.putInt(0, 0x54544A31);
        int checked = earlier.limit() - 8;
        earlier.putInt(checked, RedoJournal.crc32(earlier, checked));
        List<RedoJournal.Write> decoded = RedoJournal.parse(earlier.duplicate());
        assertEquals(1, decoded.size());
        assertEquals(8, decoded.get(0).offset());
        earlier.putInt(0, 0x54544A32);
        assertNull(RedoJournal.parse(earlier.duplicate()), "a TTJ2 head with a CRC-32 fails the check");
    }

    @Test
    void journalEncodingRoundTripsAndRejectsDamage() {
        List<RedoJournal.Write> writes = List.of(new RedoJournal.Write(8, new byte[] {1, 2, 3}), new RedoJournal.Write(1L << 33, new byte[0]));
        ByteBuffer encoded = RedoJournal.encode(writes);
        List<RedoJournal.Write> decoded = RedoJournal.parse(encoded.duplicate());
        assertEquals(2, decoded.size());
        assertEquals(1L << 33, decoded.get(1).offset());
        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), List.of(decoded.get(0).data()[0], decoded.get(0).data()[1], decoded.get(0).data()[2]));
        for (int cut = 0; cut < encoded.limit(); cut++) {
            assertNull(RedoJournal.parse(encoded.duplicate().limit(cut)), "cut at " + cut);
        }
        byte[] flipped = encoded.array().clone();
        flipped[13] ^= 1;
        assertNull(RedoJournal.parse(ByteBuffer.wrap(flipped)), "a changed byte fails the checksum");
    }
}
