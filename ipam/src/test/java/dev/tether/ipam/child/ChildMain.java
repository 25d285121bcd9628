package dev.tether.ipam.child;

import dev.tether.ipam.Fixtures;
import dev.tether.ipam.Ipam;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.LeaseRequest;
import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.ipam.config.Range;
import dev.tether.ipam.config.RangeSet;
import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.SharedStoreAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Child process for multi-process tests:
 * <ul>
 *   <li>{@code add DIR CONTAINER}: one embedded ADD (open, allocate, close), prints the address;</li>
 *   <li>{@code churn DIR TAG}: allocates and releases in a loop until killed, printing
 *       {@code add ID IP} / {@code del ID} after each commit.</li>
 * </ul>
 */
public final class ChildMain {
    /** 10.99.0.0/16 with host-local defaults, built without JSON: children stay cheap to start. */
    public static final NetworkDefinition NETWORK = new NetworkDefinition("multi", List.of(new RangeSet(List.of(
            new Range(IpPrefix.parse("10.99.0.0/16"), IpAddress.parse("10.99.0.1"), IpAddress.parse("10.99.255.254"),
                    IpAddress.parse("10.99.0.1"))))), List.of());

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        NetworkDefinition net = NETWORK;
        switch (args[0]) {
            case "add" -> add(dir, net, args[2]);
            case "churn" -> churn(dir, net, args[2]);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void add(Path dir, NetworkDefinition net, String container) throws IpamException {
        // Processes queue on the lock on a 2-core machine that others share: wait generously.
        try (EmbeddedStoreAccess stores = new EmbeddedStoreAccess(Fixtures.options().withLockWait(Duration.ofSeconds(90)))) {
            Lease lease = new Ipam(stores).add(dir, net, Fixtures.request(net.network(), container));
            System.out.println(lease.addresses().get(0).ip());
        }
    }

    private static void churn(Path dir, NetworkDefinition net, String tag) throws IpamException {
        Random random = new Random();
        Deque<String> held = new ArrayDeque<>();
        try (SharedStoreAccess stores = new SharedStoreAccess(Fixtures.options())) {
            Ipam ipam = new Ipam(stores);
            for (int i = 0; ; i++) {
                if (held.size() > 20 && random.nextInt(3) == 0) {
                    String id = held.removeFirst();
                    ipam.del(dir, new LeaseKey(net.network(), id, "eth0"));
                    System.out.println("del " + id);
                } else {
                    String id = tag + "-" + i;
                    Lease lease = ipam.add(dir, net, LeaseRequest.of(new LeaseKey(net.network(), id, "eth0")));
                    held.addLast(id);
                    System.out.println("add " + id + " " + lease.addresses().get(0).ip());
                }
                System.out.flush();
            }
        }
    }
}
