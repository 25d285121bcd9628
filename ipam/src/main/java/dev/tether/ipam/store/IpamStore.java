package dev.tether.ipam.store;

import dev.tether.ipam.IpamException;
import dev.tether.ipam.store.NamedTables.Column;
import dev.tether.ipam.store.NamedTables.Table;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.locks.ReentrantLock;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPAM store: one MapDB file with transactions, each commit made atomic by a redo journal
 * ({@link JournaledVolume}), so a kill -9 at any moment leaves each operation either wholly
 * committed or absent. The file is locked for as long as it
 * is open (other processes wait up to {@link StoreOptions#lockWait()}, then get
 * {@code StoreBusy}); inside a process every operation is serialized by one lock, because a
 * MapDB commit covers everything written since the last one.
 *
 * <p>Opening releases leases stamped with another boot id (they belong to containers that died
 * with the previous boot); the sweep runs once per boot, not on every open.
 */
public final class IpamStore implements AutoCloseable {
    /** The logger, made on first use: an exec'd plugin that logs nothing never starts slf4j (~5 ms). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(IpamStore.class);
    }
    static {
        JournaledStore.initMapDb(); // before the tables below name MapDB's serializers: see there
    }
    private static final int SCHEMA = 1;
    /** The store's tables: "meta" (schema, boot id), then those of {@link StoreTx}. */
    private static final Table<String, String> META = new Table<>("meta", Column.STRING, Column.STRING);
    private static final Table<String, Lease> LEASES = new Table<>("leases", Column.STRING,
            Column.unnamed(LeaseSerializer.INSTANCE));
    private static final Table<byte[], String> OWNERS = new Table<>("owners", Column.BYTE_ARRAY, Column.STRING);
    private static final Table<byte[], byte[]> RUNS = new Table<>("runs", Column.BYTE_ARRAY, Column.BYTE_ARRAY);
    private static final Table<String, byte[]> CURSORS = new Table<>("cursors", Column.STRING, Column.BYTE_ARRAY);
    private static final Table<String, String> NETWORKS = new Table<>("networks", Column.STRING, Column.STRING);
    private static final List<Table<?, ?>> TABLES = List.of(META, LEASES, OWNERS, RUNS, CURSORS, NETWORKS);

    private final Path file;
    private final StoreOptions options;
    private final JournaledStore store;
    /** The tables, made again on the store a rollback reads afresh. */
    private NavigableMap<String, String> meta;
    private StoreTx tx;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Lease> releasedOnOpen;
    private volatile boolean closed;

    private IpamStore(Path file, StoreOptions options, JournaledStore store) throws IpamException {
        this.file = file;
        this.options = options;
        this.store = store;
        boolean changed = openTables();
        String schema = meta.get("schema");
        if (schema == null) {
            meta.put("schema", Integer.toString(SCHEMA));
            changed = true;
        } else if (!schema.equals(Integer.toString(SCHEMA))) {
            throw new IpamException.StoreFailure("store " + file + " has schema " + schema
                    + ", this version reads schema " + SCHEMA, null);
        }
        changed |= !options.bootId().equals(meta.get("bootId"));
        this.releasedOnOpen = releaseStaleLeases();
        if (changed) {
            // Only then: every MapDB commit writes its header through the journal with two
            // fsyncs, even an empty one (~5-15 ms of each exec'd call).
            store.commit();
        }
    }

    /** Opens the tables on the store as it is now; true if some had to be created (uncommitted). */
    private boolean openTables() {
        NamedTables.Opened tables = NamedTables.openOrCreate(store.store(), TABLES);
        meta = tables.get(META);
        tx = new StoreTx(tables.get(LEASES), tables.get(OWNERS), tables.get(RUNS), tables.get(CURSORS),
                tables.get(NETWORKS));
        return tables.created();
    }

    /**
     * Opens (creating if needed) {@code <dataDir>/ipam.db}.
     *
     * @throws IpamException.StoreBusy    another process kept the file locked past the wait bound
     * @throws IpamException.StoreFailure the file cannot be created, read or is damaged
     */
    public static IpamStore open(Path dataDir, StoreOptions options) throws IpamException {
        Path file = StoreLocation.storeFile(dataDir);
        JournaledStore store = null;
        try {
            createIfAbsent(file);
            store = JournaledStore.open(file, Math.max(1, options.lockWait().toMillis()));
            return new IpamStore(file, options, store);
        } catch (DBException.FileLocked e) {
            throw new IpamException.StoreBusy("IPAM store " + file + " is locked by another process for more than "
                    + options.lockWait().toMillis() + " ms; try again");
        } catch (DBException e) {
            closeQuietly(store);
            throw new IpamException.StoreFailure("cannot open IPAM store " + file
                    + ": it is damaged or not an IPAM store (" + reason(e) + ")", e);
        } catch (IOException e) {
            closeQuietly(store);
            throw new IpamException.StoreFailure("cannot open IPAM store " + file + ": " + reason(e), e);
        } catch (IpamException | RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    /**
     * A new store is built under a temporary name and hard-linked into place, so a crash while
     * creating it never leaves a half-made file at the real name.
     */
    private static void createIfAbsent(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".new-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        try {
            DB db = DBMaker.fileDB(temp.toFile()).make();
            db.commit();
            db.close();
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException raced) {
            // Another process created it first: use theirs.
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private List<Lease> releaseStaleLeases() {
        String boot = options.bootId();
        if (boot.equals(meta.get("bootId"))) {
            return List.of();
        }
        List<Lease> released = new ArrayList<>();
        for (Lease lease : tx.leases(null)) {
            if (!lease.survivesReboot() && !boot.equals(lease.bootId())) {
                tx.removeLease(lease.key());
                released.add(lease);
            }
        }
        meta.put("bootId", boot);
        if (!released.isEmpty()) {
            Log.LOG.info("released {} lease(s) of an earlier boot from {}", released.size(), file);
        }
        return released;
    }

    /** Runs {@code work} alone and commits it; on any failure nothing of it is kept. */
    public <T> T write(StoreWork<T> work) throws IpamException {
        lock.lock();
        try {
            ensureOpen();
            T result = work.run(tx);
            store.commit();
            return result;
        } catch (DBException e) {
            rollbackQuietly();
            throw failure(e);
        } catch (IpamException | RuntimeException | Error e) {
            rollbackQuietly();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** Runs read-only {@code work} alone. */
    public <T> T read(StoreWork<T> work) throws IpamException {
        lock.lock();
        try {
            ensureOpen();
            return work.run(tx);
        } catch (DBException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() throws IpamException.StoreBusy {
        if (closed) {
            throw new IpamException.StoreBusy("IPAM store " + file + " was closed; try again");
        }
    }

    private IpamException failure(DBException e) {
        return new IpamException.StoreFailure("IPAM store " + file + " failed: " + reason(e), e);
    }

    /** A failure in words for a one-line message: its text (or kind), then its cause's. */
    private static String reason(Exception e) {
        if (e instanceof FileSystemException fs) {
            return fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason()
                    : fs instanceof NoSuchFileException ? "no such file or directory"
                    : fs instanceof AccessDeniedException ? "permission denied"
                    : fs instanceof FileAlreadyExistsException ? "exists and is not a directory"
                    : fs.getClass().getSimpleName());
        }
        String what = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null || what.contains(cause.getMessage()) ? what
                : what + ": " + cause.getMessage();
    }

    /**
     * Drops the failed work. Should even that fail, the store is closed: nothing uncommitted
     * reaches the file, and a daemon opens it afresh for its next call.
     */
    private void rollbackQuietly() {
        try {
            store.rollback();
            openTables();
        } catch (RuntimeException e) {
            Log.LOG.warn("rollback of {} failed; closing it", file, e);
            closed = true;
            closeQuietly(store);
        }
    }

    /** Closed: by {@link #close()}, or after a failed rollback. */
    public boolean isClosed() {
        return closed;
    }

    /** Leases released on open because they carried another boot's id. */
    public List<Lease> releasedOnOpen() {
        return releasedOnOpen;
    }

    public Path file() {
        return file;
    }

    public StoreOptions options() {
        return options;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closeQuietly(store);
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(JournaledStore store) {
        if (store != null && !store.isClosed()) {
            try {
                store.close();
            } catch (RuntimeException e) {
                Log.LOG.warn("closing the IPAM store failed", e);
            }
        }
    }

    /** Work on the store's tables, run under its lock. */
    @FunctionalInterface
    public interface StoreWork<T> {
        T run(StoreTx tx) throws IpamException;
    }
}
