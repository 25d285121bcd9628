package dev.tether.ipam.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.mapdb.CC;
import org.mapdb.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redo journal of one commit of the store file ({@code <file>.journal}), see
 * {@link JournaledVolume}. Layout, big-endian: {@code "TTJ2" | u32 count | count x (u64 offset |
 * u32 length | bytes) | u32 XXH32 of all before | "TTJE"}. Empty when no commit is in flight.
 * A journal left by an earlier version ({@code "TTJ1"}, the same layout with CRC-32) is still
 * replayed. XXH32 through MapDB's hash factory, which the store has set up anyway: java.util.zip's
 * CRC32 loads libzip when first used, and CRC32C's class init runs ~3 ms interpreted, either
 * one ~3.5 ms of an exec'd plugin's call.
 */
final class RedoJournal implements AutoCloseable {
    /** The logger, made on first use: an exec'd plugin that logs nothing never starts slf4j (~5 ms). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(RedoJournal.class);
    }
    private static final int HEAD = 0x54544A32; // "TTJ2": XXH32
    private static final int HEAD_CRC32 = 0x54544A31; // "TTJ1": CRC-32, written before TTJ2
    private static final int XXH32_SEED = 0x54544A32;
    private static final int TAIL = 0x54544A45; // "TTJE"

    /** One write to the store file. */
    record Write(long offset, byte[] data) {}

    private final Path path;
    private final FileChannel channel;

    private RedoJournal(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static Path pathFor(Path storeFile) {
        return storeFile.resolveSibling(storeFile.getFileName() + ".journal");
    }

    /**
     * Brings the store file to its last committed state, then opens the journal for new commits.
     * Call with the store file locked: a complete journal is a commit that may not have reached
     * the file (it is written again; that is harmless when it had); a torn one never touched it.
     */
    static RedoJournal recover(Path storeFile, Volume file) {
        Path path = pathFor(storeFile);
        try {
            boolean created = Files.notExists(path);
            FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            RedoJournal journal = new RedoJournal(path, channel);
            try {
                if (created) {
                    syncDirectory(path.getParent());
                } else if (channel.size() > 0) {
                    journal.replay(file);
                }
                return journal;
            } catch (RuntimeException | IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the journal " + path, e);
        }
    }

    private void replay(Volume file) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
        channel.read(all, 0);
        all.flip();
        List<Write> writes = parse(all);
        if (writes == null) {
            Log.LOG.info("dropping the torn journal {}: its commit never reached the store", path);
        } else {
            Log.LOG.warn("replaying {} write(s) of an interrupted commit from {}", writes.size(), path);
            apply(writes, file);
            file.sync();
        }
        clear();
    }

    /** The writes of a complete journal, or null for a torn one. */
    static List<Write> parse(ByteBuffer in) {
        try {
            if (in.remaining() < 16) {
                return null;
            }
            int head = in.getInt();
            if (head != HEAD && head != HEAD_CRC32) {
                return null;
            }
            int count = in.getInt();
            List<Write> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long offset = in.getLong();
                int length = in.getInt();
                if (offset < 0 || length < 0 || length > in.remaining()) {
                    return null;
                }
                byte[] data = new byte[length];
                in.get(data);
                writes.add(new Write(offset, data));
            }
            int checked = in.position();
            int crc = in.getInt();
            if (in.getInt() != TAIL || crc != (head == HEAD ? checksum(in, checked) : crc32(in, checked))) {
                return null;
            }
            return writes;
        } catch (java.nio.BufferUnderflowException torn) {
            return null;
        }
    }

    static ByteBuffer encode(List<Write> writes) {
        int size = 8 + 8;
        for (Write w : writes) {
            size += 12 + w.data().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(HEAD).putInt(writes.size());
        for (Write w : writes) {
            out.putLong(w.offset()).putInt(w.data().length).put(w.data());
        }
        out.putInt(checksum(out, out.position())).putInt(TAIL);
        return out.flip();
    }

    private static int checksum(ByteBuffer buffer, int length) {
        return CC.HASH_FACTORY.hash32().hash(buffer, 0, length, XXH32_SEED);
    }

    /** The checksum of a {@code "TTJ1"} journal. */
    static int crc32(ByteBuffer buffer, int length) {
        CRC32 crc = new CRC32();
        crc.update(buffer.duplicate().position(0).limit(length));
        return (int) crc.getValue();
    }

    static void apply(List<Write> writes, Volume file) {
        for (Write w : writes) {
            file.ensureAvailable(w.offset() + w.data().length);
            file.putData(w.offset(), w.data(), 0, w.data().length);
        }
    }

    /** Makes the writes durable in the journal, before any reaches the store file. */
    void write(List<Write> writes) {
        try {
            channel.truncate(0);
            ByteBuffer bytes = encode(writes);
            long position = 0;
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            channel.force(false);
        } catch (IOException e) {
            // The commit failed; a complete journal left on disk would bring it back at the next open.
            try {
                channel.truncate(0);
                channel.force(false);
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw new UncheckedIOException("cannot write the journal " + path, e);
        }
    }

    /**
     * Empties the journal once its commit is in the store file. Not synced: should the emptying
     * be lost, the next open writes the same commit again, which changes nothing.
     */
    void clear() {
        try {
            channel.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the journal " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            Log.LOG.warn("closing {} failed: {}", path, e.toString());
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the journal's own sync still holds.
        }
    }
}
