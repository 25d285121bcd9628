package dev.tether.ipam.store;

import dev.tether.ipam.IpamException;
import java.nio.file.Path;

/**
 * How operations reach the store of a data directory: opened for one call by a short-lived
 * plugin or CLI process ({@link EmbeddedStoreAccess}), or kept open by the daemon
 * ({@link SharedStoreAccess}). The operations themselves are the same code either way.
 */
public interface StoreAccess extends AutoCloseable {

    <T> T withStore(Path dataDir, StoreCall<T> call) throws IpamException;

    @Override
    void close();

    @FunctionalInterface
    interface StoreCall<T> {
        T call(IpamStore store) throws IpamException;
    }
}
