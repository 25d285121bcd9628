package dev.tether.ipam;

import static dev.tether.ipam.Fixtures.ip;
import static dev.tether.ipam.Fixtures.network;
import static dev.tether.ipam.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.natives.ip.IpAddress;
import dev.tether.ipam.query.QueryEngine;
import dev.tether.ipam.query.QueryRequest;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.IpamStore;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.StoreLocation;
import dev.tether.ipam.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store life cycle: boot-id sweep, GC, locking, file handling. */
class StoreLifecycleTest {
    @TempDir
    Path dir;

    private Ipam embedded(StoreOptions options) {
        return new Ipam(new EmbeddedStoreAccess(options));
    }

    @Test
    void leasesOfAnEarlierBootAreReleasedOnOpenButReservationsStay() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.10.0.0/24\"");
        Ipam firstBoot = embedded(Fixtures.options().withBootId("boot-1"));
        firstBoot.add(dir, net, request("n1", "a"));
        firstBoot.add(dir, net, request("n1", "b"));
        try (IpamStore store = IpamStore.open(dir, Fixtures.options().withBootId("boot-1"))) {
            QueryEngine.run(store, QueryRequest.reserve("n1", "10.10.0.50"));
            assertEquals(List.of(), store.releasedOnOpen(), "same boot: nothing is stale");
        }
        try (IpamStore store = IpamStore.open(dir, Fixtures.options().withBootId("boot-2"))) {
            assertEquals(List.of("n1/a/eth0", "n1/b/eth0"),
                    store.releasedOnOpen().stream().map(l -> l.key().toString()).toList());
            List<Lease> left = store.read(tx -> tx.leases(null));
            assertEquals(1, left.size());
            assertTrue(left.get(0).key().isReservation());
        }
        Ipam secondBoot = embedded(Fixtures.options().withBootId("boot-2"));
        assertEquals("10.10.0.4", ip(secondBoot.add(dir, net, request("n1", "c"))),
                "the cursor survives; the released addresses are free again later");
        Fixtures.assertConsistent(dir);
    }

    @Test
    void gcReleasesWhatIsNotKeptAndCarriesOnPastBadEntries() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.10.0.0/24\"");
        NetworkDefinition other = network("n2", "\"subnet\":\"10.11.0.0/24\"");
        Ipam ipam = embedded(Fixtures.options());
        for (String c : List.of("a", "b", "c", "d")) {
            ipam.add(dir, net, request("n1", c));
        }
        ipam.add(dir, net, LeaseRequest.of(new LeaseKey("n1", "d", "eth1")));
        ipam.add(dir, other, request("n2", "a"));
        try (IpamStore store = IpamStore.open(dir, Fixtures.options())) {
            QueryEngine.run(store, QueryRequest.reserve("n1", "10.10.0.99"));
        }
        JsonNode keep = Json.MAPPER.readTree("[{\"containerID\":\"a\",\"ifname\":\"eth0\"}, 17,"
                + "{\"ifname\":\"eth0\"}, {\"containerID\":\"d\"}, {\"containerID\":\"zzz\",\"ifname\":\"eth0\"}]");
        GcReport report = ipam.gc(dir, "n1", ValidAttachments.fromJson(keep));
        assertEquals(List.of("n1/b/eth0", "n1/c/eth0"), report.released().stream().map(l -> l.key().toString()).toList());
        assertEquals(3, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().get(0).contains("[1] is not an object"));
        assertTrue(report.problems().get(1).contains("[2] has no containerID"));
        assertTrue(report.problems().get(2).contains("keeping every interface of container d"));
        ipam.check(dir, new LeaseKey("n1", "d", "eth1"));

        GcReport all = ipam.gc(dir, "n1", ValidAttachments.fromJson(Json.MAPPER.readTree("[]")));
        assertEquals(3, all.released().size(), "an empty list releases every lease of the network");
        assertEquals(List.of(), all.problems());
        List<Lease> left = Fixtures.assertConsistent(dir);
        assertEquals(List.of("n1/@reserved/10.10.0.99", "n2/a/eth0"), left.stream().map(l -> l.key().toString()).toList(),
                "reservations and other networks are untouched");
    }

    @Test
    void aHeldLockBeyondTheWaitBoundIsAStoreBusyError() throws Exception {
        try (IpamStore holder = IpamStore.open(dir, Fixtures.options())) {
            long start = System.nanoTime();
            IpamException e = assertThrows(IpamException.StoreBusy.class,
                    () -> IpamStore.open(dir, Fixtures.options().withLockWait(Duration.ofMillis(300))));
            assertEquals(11, e.cniCode());
            assertTrue(e.getMessage().contains("try again"), e.getMessage());
            assertTrue(System.nanoTime() - start >= 250_000_000L, "it waited before giving up");
            assertTrue(holder.read(tx -> tx.leases(null)).isEmpty());
        }
        IpamStore.open(dir, Fixtures.options()).close(); // the lock is free again
    }

    /** A commit costs an exec'd call two fsyncs, so opening a store that needs no change makes none. */
    @Test
    void openingAStoreThatNeedsNoChangeWritesNothing() throws Exception {
        IpamStore.open(dir, Fixtures.options()).close(); // creates the file and its tables
        Path file = StoreLocation.storeFile(dir);
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        Thread.sleep(20);
        IpamStore.open(dir, Fixtures.options()).close();
        assertEquals(written, Files.getLastModifiedTime(file), "no commit on an open that changed nothing");
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(file)));
        IpamStore.open(dir, Fixtures.options().withBootId("another-boot")).close();
        assertTrue(Files.getLastModifiedTime(file).compareTo(written) > 0, "a new boot id is recorded");
    }

    /** A daemon keeps its store open across calls: a failed one must leave it whole and usable. */
    @Test
    void aFailedWriteKeepsNothingOfItAndTheSameStoreGoesOn() throws Exception {
        IpAddress first = IpAddress.parse("10.10.0.5");
        try (IpamStore store = IpamStore.open(dir, Fixtures.options())) {
            store.write(tx -> {
                tx.setCursor("n1", 0, first);
                return null;
            });
            RuntimeException failed = new IllegalStateException("the work failed half-way");
            assertSame(failed, assertThrows(IllegalStateException.class, () -> store.write(tx -> {
                tx.setCursor("n1", 0, IpAddress.parse("10.10.0.9"));
                tx.setCursor("n2", 1, IpAddress.parse("10.20.0.9"));
                throw failed;
            })));
            assertEquals(Optional.of(first), store.read(tx -> tx.cursor("n1", 0)));
            assertEquals(Optional.empty(), store.read(tx -> tx.cursor("n2", 1)));
            store.write(tx -> {
                tx.setCursor("n2", 1, IpAddress.parse("10.20.0.3"));
                return null;
            });
        }
        try (IpamStore store = IpamStore.open(dir, Fixtures.options())) {
            assertEquals(Optional.of(first), store.read(tx -> tx.cursor("n1", 0)));
            assertEquals(Optional.of(IpAddress.parse("10.20.0.3")), store.read(tx -> tx.cursor("n2", 1)));
        }
    }

    @Test
    void storeFileIsPrivateAndCreationLeavesNoTemporaryFiles() throws Exception {
        embedded(Fixtures.options()).add(dir, network("n1", "\"subnet\":\"10.10.0.0/24\""), request("n1", "a"));
        Path file = StoreLocation.storeFile(dir);
        Path journal = dir.resolve("ipam.db.journal");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
        assertEquals(0, Files.size(journal), "the commit journal is empty between commits");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("ipam.db", "ipam.db.journal"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no MapDB log files either");
        }
    }

    @Test
    void aDamagedFileIsAStoreFailureNotACrash() throws Exception {
        Files.write(StoreLocation.storeFile(dir), "this is not a MapDB file, just some text".repeat(100).getBytes());
        IpamException e = assertThrows(IpamException.class, () -> IpamStore.open(dir, Fixtures.options()));
        assertEquals(IpamException.StoreFailure.class, e.getClass());
        assertEquals(5, e.cniCode());
        assertTrue(e.getMessage().startsWith("cannot open IPAM store " + StoreLocation.storeFile(dir)
                + ": it is damaged or not an IPAM store ("), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("org.mapdb"), "one line, no class names: " + e.getMessage());
    }

    @Test
    void dataDirResolution() {
        assertEquals(Path.of("/cfg"), StoreLocation.dataDir("/cfg", Map.of("TETHER_DATA_DIR", "/env")));
        assertEquals(Path.of("/env"), StoreLocation.dataDir(null, Map.of("TETHER_DATA_DIR", "/env")));
        assertEquals(Path.of("/var/lib/tether"), StoreLocation.dataDir(" ", Map.of()));
        assertEquals(Path.of("/x/ipam.db"), StoreLocation.storeFile(Path.of("/x")));
    }
}
