package dev.tether.ipam.store;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mapdb.DataIO;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store file as MapDB's StoreDirect sees it: its writes held back until the store syncs the
 * file (the end of every commit) and then made atomic by a redo journal, or dropped by
 * {@link #discard()} (a rollback).
 *
 * <p>Why: StoreDirect writes its records, index and free lists into the file as it goes, and
 * MapDB's own transactions (StoreWAL) never read their write-ahead log back on open, so a process
 * killed mid-commit leaves part of it in the file: a lease without its run, a broken B-tree
 * node. Here a commit's writes go to {@code <file>.journal} with a checksum, the journal is synced,
 * the writes are applied to the file, the file is synced, and the journal is emptied.
 * {@link RedoJournal#recover} on open replays a complete journal (that commit happened) and drops
 * a torn one (it did not).
 *
 * A commit whose journal is written has happened, even if writing it into the file then fails
 * (it is written again first thing, or replayed by the next open). Closing drops what was not
 * committed.
 *
 * <p>Reads come from 4 KB pages of the file read once and kept, with the held-back writes applied
 * to them: StoreDirect reads the file a few bytes at a time (its header checksum alone is ~8,200
 * reads of an int at every open and commit), which would otherwise be a system call each. A
 * write that changes no byte is not held back, so a commit or close that rewrites the header
 * unchanged costs no journal. Every method is synchronized, as the file volume's are.
 */
final class JournaledVolume extends Volume {
    /** The logger, made on first use: an exec'd plugin that logs nothing never starts slf4j (~5 ms). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(JournaledVolume.class);
    }
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /**
     * Pages kept while nothing is held back: beyond, they are dropped and read again as needed (a
     * daemon's store of a full /16 would otherwise end up in its heap whole).
     */
    private static final int KEPT_PAGES = 1024;

    private final Volume file;
    private final RedoJournal journal;
    private final List<RedoJournal.Write> pending = new ArrayList<>();
    /** A commit whose journal is written but whose writes may not all be in the file yet. */
    private List<RedoJournal.Write> journaled;
    /** The file's pages read so far, by number, with the journaled and pending writes applied; null: not read. */
    private byte[][] pages = new byte[64][];
    private int pagesRead;

    JournaledVolume(Volume file, RedoJournal journal) {
        this.file = file;
        this.journal = journal;
    }

    /** Drops every write held back since the last sync: the file's last committed state again. */
    synchronized void discard() {
        pending.clear();
        applyJournaled(); // a commit whose journal was written is not dropped: it happened
        dropPages();
    }

    private void dropPages() {
        Arrays.fill(pages, null);
        pagesRead = 0;
    }

    @Override
    public synchronized void ensureAvailable(long offset) {
        file.ensureAvailable(offset); // growing with zeros changes nothing the store reads
    }

    /** Only StoreDirect's compaction truncates, which the IPAM store never runs: not journaled, so refused. */
    @Override
    public synchronized void truncate(long size) {
        throw new UnsupportedOperationException("the journaled store file is never truncated");
    }

    @Override
    public synchronized void putLong(long offset, long value) {
        byte[] b = new byte[8];
        DataIO.putLong(b, 0, value);
        hold(offset, b);
    }

    @Override
    public synchronized void putInt(long offset, int value) {
        byte[] b = new byte[4];
        DataIO.putInt(b, 0, value);
        hold(offset, b);
    }

    @Override
    public synchronized void putByte(long offset, byte value) {
        hold(offset, new byte[] {value});
    }

    @Override
    public synchronized void putData(long offset, byte[] src, int srcPos, int srcSize) {
        hold(offset, Arrays.copyOfRange(src, srcPos, srcPos + srcSize));
    }

    @Override
    public synchronized void putData(long offset, ByteBuffer buf) {
        byte[] b = new byte[buf.remaining()];
        buf.duplicate().get(b);
        hold(offset, b);
    }

    @Override
    public synchronized void clear(long startOffset, long endOffset) {
        hold(startOffset, new byte[Math.toIntExact(endOffset - startOffset)]);
    }

    @Override
    public synchronized long getLong(long offset) {
        int at = (int) (offset & (PAGE_SIZE - 1));
        return at <= PAGE_SIZE - 8 ? DataIO.getLong(page(offset >>> PAGE_SHIFT), at) : DataIO.getLong(read(offset, 8), 0);
    }

    @Override
    public synchronized int getInt(long offset) {
        int at = (int) (offset & (PAGE_SIZE - 1));
        return at <= PAGE_SIZE - 4 ? DataIO.getInt(page(offset >>> PAGE_SHIFT), at) : DataIO.getInt(read(offset, 4), 0);
    }

    @Override
    public synchronized byte getByte(long offset) {
        return page(offset >>> PAGE_SHIFT)[(int) (offset & (PAGE_SIZE - 1))];
    }

    @Override
    public synchronized DataInput2 getDataInput(long offset, int size) {
        return new DataInput2.ByteArray(read(offset, size));
    }

    @Override
    public synchronized void getData(long offset, byte[] bytes, int bytesPos, int size) {
        copy(offset, bytes, bytesPos, size, false);
    }

    private byte[] read(long offset, int size) {
        byte[] b = new byte[size];
        copy(offset, b, 0, size, false);
        return b;
    }

    /** Holds a write back for the next sync, unless it changes nothing. */
    private void hold(long offset, byte[] data) {
        if (!changes(offset, data)) {
            return;
        }
        pending.add(new RedoJournal.Write(offset, data));
        copy(offset, data, 0, data.length, true);
    }

    private boolean changes(long offset, byte[] data) {
        int done = 0;
        while (done < data.length) {
            long at = offset + done;
            byte[] page = page(at >>> PAGE_SHIFT);
            int from = (int) (at & (PAGE_SIZE - 1));
            int n = Math.min(data.length - done, PAGE_SIZE - from);
            if (!Arrays.equals(page, from, from + n, data, done, done + n)) {
                return true;
            }
            done += n;
        }
        return false;
    }

    /** Copies between the pages and {@code bytes}: into the pages if {@code in}, else out of them. */
    private void copy(long offset, byte[] bytes, int bytesPos, int size, boolean in) {
        while (size > 0) {
            byte[] page = page(offset >>> PAGE_SHIFT);
            int at = (int) (offset & (PAGE_SIZE - 1));
            int n = Math.min(size, PAGE_SIZE - at);
            if (in) {
                System.arraycopy(bytes, bytesPos, page, at, n);
            } else {
                System.arraycopy(page, at, bytes, bytesPos, n);
            }
            offset += n;
            bytesPos += n;
            size -= n;
        }
    }

    /** Page {@code number}, read from the file the first time (zeros past its end). */
    private byte[] page(long number) {
        int index = Math.toIntExact(number);
        if (index >= pages.length) {
            pages = Arrays.copyOf(pages, Math.max(index + 1, pages.length * 2));
        }
        byte[] page = pages[index];
        if (page == null) {
            keepFewPages();
            page = new byte[PAGE_SIZE];
            long start = number << PAGE_SHIFT;
            long inFile = Math.min(PAGE_SIZE, file.length() - start);
            if (inFile > 0) {
                file.getData(start, page, 0, (int) inFile);
            }
            pages[index] = page;
            pagesRead++;
        }
        return page;
    }

    /**
     * The end of a commit: journal, apply, sync, empty the journal. With nothing held back there
     * is nothing to sync: every write reaches the file through here, and was synced then.
     */
    @Override
    public synchronized void sync() {
        commitPending();
    }

    private void commitPending() {
        applyJournaled();
        if (pending.isEmpty()) {
            return;
        }
        journal.write(pending); // from here the commit has happened: a new open replays the journal
        journaled = List.copyOf(pending);
        pending.clear();
        try {
            applyJournaled();
        } catch (RuntimeException e) {
            // Not the commit's failure: it is written again before anything else, or replayed.
            Log.LOG.warn("a commit is in the journal but writing it into {} failed; it is written again "
                    + "before the store's next use, or at its next open", getFile(), e);
        }
        keepFewPages();
    }

    /**
     * Drops the pages once {@link #KEPT_PAGES} were read and none holds a write (each is then as
     * in the file): they are read again as needed.
     */
    private void keepFewPages() {
        if (pagesRead >= KEPT_PAGES && pending.isEmpty() && journaled == null) {
            dropPages();
        }
    }

    /**
     * Writes the journaled commit into the file, syncs it and empties the journal. Should that
     * fail (an I/O error), the commit stays journaled: it is written again before anything else
     * (the next commit, a discard, the close), or replayed by the next open.
     */
    private void applyJournaled() {
        if (journaled == null) {
            return;
        }
        RedoJournal.apply(journaled, file);
        file.sync();
        journal.clear();
        journaled = null;
    }

    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            pending.clear(); // not committed: dropped, as by a rollback
            applyJournaled();
        } finally {
            file.close();
            journal.close();
        }
    }

    @Override
    public int sliceSize() {
        return file.sliceSize();
    }

    @Override
    public boolean isSliced() {
        return file.isSliced();
    }

    @Override
    public synchronized long length() {
        return file.length();
    }

    @Override
    public boolean isReadOnly() {
        return file.isReadOnly();
    }

    @Override
    public File getFile() {
        return file.getFile();
    }

    @Override
    public boolean getFileLocked() {
        return file.getFileLocked();
    }
}
