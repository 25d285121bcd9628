package dev.tether.ipam.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.CC;
import org.mapdb.volume.RandomAccessFileVol;
import org.mapdb.volume.Volume;

/**
 * The volume's reads come from pages of the file kept in memory, with the writes held back
 * applied to them: what it reads must always be the file's committed bytes with those writes on
 * top, whichever pages it kept or dropped.
 */
class JournaledVolumeTest {
    /** More 4 KB pages than the volume keeps while nothing is held back. */
    private static final int PAGES = 3000;
    private static final long SIZE = PAGES * 4096L;

    @TempDir
    Path dir;

    /** A file whose every long holds its own offset. */
    private Path numberedFile() throws IOException {
        Path file = dir.resolve("numbered");
        ByteBuffer bytes = ByteBuffer.allocate((int) SIZE);
        for (long offset = 0; offset < SIZE; offset += 8) {
            bytes.putLong(offset);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(bytes.flip());
        }
        return file;
    }

    private static JournaledVolume open(Path file) {
        Volume raw = RandomAccessFileVol.FACTORY.makeVolume(file.toString(), false, 0L, CC.PAGE_SHIFT, 0L, false);
        return new JournaledVolume(raw, RedoJournal.recover(file, raw));
    }

    private static long longAt(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            channel.read(b, offset);
            return b.flip().getLong();
        }
    }

    @Test
    void readsAreTheFileWithTheHeldBackWritesOnTopAcrossPagesKeptAndDropped() throws Exception {
        Path file = numberedFile();
        JournaledVolume volume = open(file);
        try {
            for (int round = 0; round < 2; round++) { // the second round reads pages dropped in the first
                for (long offset = 0; offset < SIZE; offset += 4096 + 8) {
                    assertEquals(offset & ~7L, volume.getLong(offset & ~7L));
                }
            }
            volume.putLong(4092, 0x0102030405060708L); // across the bound of pages 0 and 1
            volume.putInt(SIZE - 4, 77);
            for (long offset = 8192; offset < SIZE - 8; offset += 4096) { // held back: nothing is dropped
                assertEquals(offset, volume.getLong(offset));
            }
            assertEquals(0x0102030405060708L, volume.getLong(4092));
            assertEquals(0x01020304, volume.getInt(4092));
            assertEquals(0x05060708, volume.getInt(4096));
            assertEquals(77, volume.getInt(SIZE - 4));
            assertEquals(4088L, longAt(file, 4088), "held back, not written");

            volume.discard();
            assertEquals(4088L, volume.getLong(4088));
            assertEquals(4096L, volume.getLong(4096));

            volume.putLong(4096, -1L);
            volume.sync();
            assertEquals(-1L, longAt(file, 4096), "synced: in the file");
            assertEquals(0, Files.size(RedoJournal.pathFor(file)), "and the journal emptied");
            assertEquals(-1L, volume.getLong(4096));
        } finally {
            volume.close();
        }
    }

    @Test
    void closingDropsWhatWasNotSynced() throws Exception {
        Path file = numberedFile();
        JournaledVolume volume = open(file);
        volume.putLong(8, 9L);
        volume.close(); // as MapDB's StoreDirect closes it, without a commit
        assertEquals(8L, longAt(file, 8));
    }

    @Test
    void aWriteThatChangesNoByteIsNotHeldBackSoASyncWritesNothing() throws Exception {
        Path file = numberedFile();
        FileTime before = FileTime.fromMillis(0);
        Files.setLastModifiedTime(file, before);
        JournaledVolume volume = open(file);
        try {
            volume.putLong(8, 8L);
            volume.putData(4088, new byte[] {0, 0, 0, 0, 0, 0}, 0, 6); // the long 4088's high bytes: 0 already
            volume.sync();
            assertEquals(before, Files.getLastModifiedTime(file), "the file was not written");
            volume.putLong(8, 9L);
            volume.sync();
            assertEquals(9L, longAt(file, 8));
        } finally {
            volume.close();
        }
    }
}
