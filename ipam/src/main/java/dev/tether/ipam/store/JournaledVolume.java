package dev.tether.ipam.store;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.mapdb.DataIO;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * The store file as MapDB's StoreWAL sees it, with each commit made atomic by a redo journal.
 *
 * <p>Why: MapDB 3.1.0's StoreWAL seals a write-ahead log at commit and then writes the commit
 * into the store file, but it never reads that log back on open. A process killed while the
 * commit is being written leaves part of it in the file: a lease without its run, a broken
 * B-tree node. Here the writes of a commit are held back until StoreWAL syncs the file (the end
 * of every commit); then they go to {@code <file>.journal} with a checksum, the journal is
 * synced, the writes are applied to the file, the file is synced, and the journal is emptied.
 * {@link RedoJournal#recover} on open replays a complete journal (that commit happened) and
 * drops a torn one (it did not).
 *
 * <p>Reads made while writes are held back see them. StoreWAL writes the file only inside
 * commit, under all its locks; every method here is synchronized as the file volume's are.
 */
final class JournaledVolume extends Volume {
    private final Volume file;
    private final RedoJournal journal;
    private final List<RedoJournal.Write> pending = new ArrayList<>();

    JournaledVolume(Volume file, RedoJournal journal) {
        this.file = file;
        this.journal = journal;
    }

    @Override
    public synchronized void ensureAvailable(long offset) {
        file.ensureAvailable(offset); // growing with zeros changes nothing the store reads
    }

    @Override
    public synchronized void truncate(long size) {
        commitPending();
        file.truncate(size);
    }

    @Override
    public synchronized void putLong(long offset, long value) {
        byte[] b = new byte[8];
        DataIO.putLong(b, 0, value);
        pending.add(new RedoJournal.Write(offset, b));
    }

    @Override
    public synchronized void putInt(long offset, int value) {
        byte[] b = new byte[4];
        DataIO.putInt(b, 0, value);
        pending.add(new RedoJournal.Write(offset, b));
    }

    @Override
    public synchronized void putByte(long offset, byte value) {
        pending.add(new RedoJournal.Write(offset, new byte[] {value}));
    }

    @Override
    public synchronized void putData(long offset, byte[] src, int srcPos, int srcSize) {
        byte[] b = new byte[srcSize];
        System.arraycopy(src, srcPos, b, 0, srcSize);
        pending.add(new RedoJournal.Write(offset, b));
    }

    @Override
    public synchronized void putData(long offset, ByteBuffer buf) {
        byte[] b = new byte[buf.remaining()];
        buf.duplicate().get(b);
        pending.add(new RedoJournal.Write(offset, b));
    }

    @Override
    public synchronized void clear(long startOffset, long endOffset) {
        pending.add(new RedoJournal.Write(startOffset, new byte[Math.toIntExact(endOffset - startOffset)]));
    }

    @Override
    public synchronized long getLong(long offset) {
        if (pending.isEmpty()) {
            return file.getLong(offset);
        }
        return DataIO.getLong(read(offset, 8), 0);
    }

    @Override
    public synchronized int getInt(long offset) {
        if (pending.isEmpty()) {
            return file.getInt(offset);
        }
        return DataIO.getInt(read(offset, 4), 0);
    }

    @Override
    public synchronized byte getByte(long offset) {
        if (pending.isEmpty()) {
            return file.getByte(offset);
        }
        return read(offset, 1)[0];
    }

    @Override
    public synchronized DataInput2 getDataInput(long offset, int size) {
        if (pending.isEmpty()) {
            return file.getDataInput(offset, size);
        }
        return new DataInput2.ByteArray(read(offset, size));
    }

    @Override
    public synchronized void getData(long offset, byte[] bytes, int bytesPos, int size) {
        file.getData(offset, bytes, bytesPos, size);
        for (RedoJournal.Write w : pending) { // in order: a later write wins
            long start = Math.max(offset, w.offset());
            long end = Math.min(offset + size, w.offset() + w.data().length);
            if (start < end) {
                System.arraycopy(w.data(), (int) (start - w.offset()), bytes, bytesPos + (int) (start - offset), (int) (end - start));
            }
        }
    }

    private byte[] read(long offset, int size) {
        byte[] b = new byte[size];
        getData(offset, b, 0, size);
        return b;
    }

    /** The end of a commit: journal, apply, sync, empty the journal. */
    @Override
    public synchronized void sync() {
        if (pending.isEmpty()) {
            file.sync();
        } else {
            commitPending();
        }
    }

    private void commitPending() {
        if (pending.isEmpty()) {
            return;
        }
        journal.write(pending);
        RedoJournal.apply(pending, file);
        file.sync();
        journal.clear();
        pending.clear();
    }

    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            commitPending();
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
