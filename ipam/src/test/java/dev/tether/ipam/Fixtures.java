package dev.tether.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.ipam.config.IpamConfig;
import dev.tether.ipam.config.IpamConfigParser;
import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.natives.ip.IpAddress;
import dev.tether.ipam.store.IpamStore;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.LeasedAddress;
import dev.tether.ipam.store.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Shared helpers: configs from JSON text, store options, invariant checks. */
public final class Fixtures {
    public static final String BOOT = "11111111-2222-3333-4444-555555555555";

    private Fixtures() {
    }

    public static StoreOptions options() {
        return new StoreOptions(Duration.ofSeconds(20), BOOT, Clock.systemUTC());
    }

    /** A plugin configuration with the given ipam section body. */
    public static IpamConfig config(String network, String ipamBody) throws IpamException {
        String json = "{\"cniVersion\":\"1.0.0\",\"name\":\"" + network + "\",\"type\":\"bridge\","
                + "\"ipam\":{\"type\":\"tether-ipam\"," + ipamBody + "}}";
        return IpamConfigParser.parseNetworkConfig(json.getBytes(StandardCharsets.UTF_8));
    }

    public static NetworkDefinition network(String network, String ipamBody) throws IpamException {
        return config(network, ipamBody).definition();
    }

    public static LeaseRequest request(String network, String container) {
        return LeaseRequest.of(new LeaseKey(network, container, "eth0"));
    }

    public static List<String> ips(Lease lease) {
        return lease.addresses().stream().map(LeasedAddress::ip).map(IpAddress::toString).toList();
    }

    public static String ip(Lease lease) {
        assertEquals(1, lease.addresses().size(), "one address expected: " + lease);
        return ips(lease).get(0);
    }

    /** Opens the store in {@code dir} and asserts its tables agree (no half-written lease, no duplicate). */
    public static List<Lease> assertConsistent(Path dir) throws IpamException {
        try (IpamStore store = IpamStore.open(dir, options())) {
            List<String> problems = store.read(tx -> tx.verify());
            assertEquals(List.of(), problems, "store inconsistencies");
            return store.read(tx -> tx.leases(null));
        }
    }
}
