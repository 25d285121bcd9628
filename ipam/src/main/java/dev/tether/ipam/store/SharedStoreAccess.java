package dev.tether.ipam.store;

import dev.tether.ipam.IpamException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one open store per data directory, opened on first use: for the daemon, which holds
 * the file lock for its lifetime and pays MapDB's open cost once.
 */
public final class SharedStoreAccess implements StoreAccess {
    private final StoreOptions options;
    private final Map<Path, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SharedStoreAccess(StoreOptions options) {
        this.options = options;
    }

    @Override
    public <T> T withStore(Path dataDir, StoreCall<T> call) throws IpamException {
        if (closed) {
            throw new IpamException.StoreBusy("the daemon is stopping; try again");
        }
        Slot slot = slots.computeIfAbsent(dataDir.toAbsolutePath().normalize(), Slot::new);
        return call.call(slot.store());
    }

    @Override
    public void close() {
        closed = true;
        slots.values().forEach(Slot::close);
        slots.clear();
    }

    /** One data directory; opening it does not hold up other directories. */
    private final class Slot {
        private final Path dataDir;
        private IpamStore store;

        Slot(Path dataDir) {
            this.dataDir = dataDir;
        }

        /** The open store; opened again if a failed rollback closed it. */
        synchronized IpamStore store() throws IpamException {
            if (store == null || store.isClosed()) {
                store = IpamStore.open(dataDir, options);
            }
            return store;
        }

        synchronized void close() {
            if (store != null) {
                store.close();
                store = null;
            }
        }
    }
}
