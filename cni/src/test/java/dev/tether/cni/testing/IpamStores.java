package dev.tether.cni.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.ipam.IpamException;
import dev.tether.ipam.store.IpamStore;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Reads a data directory's IPAM store the way the plugin opens it (this boot's id, so nothing is swept). */
public final class IpamStores {
    private IpamStores() {}

    /** The store's leases, after asserting its tables agree; none when there is no store yet. */
    public static List<Lease> leases(Path dataDir) throws IpamException {
        if (!Files.exists(dataDir.resolve("ipam.db"))) {
            return List.of();
        }
        try (IpamStore store = IpamStore.open(dataDir, StoreOptions.defaults().withLockWait(Duration.ofSeconds(30)))) {
            assertEquals(List.of(), store.read(tx -> tx.verify()), "store inconsistencies");
            return store.read(tx -> tx.leases(null));
        }
    }

    /** The first address of every lease, e.g. ["10.1.0.2", ...]. */
    public static List<String> addresses(Path dataDir) throws IpamException {
        return leases(dataDir).stream().map(l -> l.addresses().get(0).ip().toString()).toList();
    }
}
