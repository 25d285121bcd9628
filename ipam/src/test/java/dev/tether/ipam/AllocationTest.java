package dev.tether.ipam;

import static dev.tether.ipam.Fixtures.ip;
import static dev.tether.ipam.Fixtures.ips;
import static dev.tether.ipam.Fixtures.network;
import static dev.tether.ipam.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.natives.ip.IpAddress;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.SharedStoreAccess;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The allocation rules, against a real MapDB file in a temp dir. */
class AllocationTest {
    @TempDir
    Path dir;
    private SharedStoreAccess stores;
    private Ipam ipam;

    @BeforeEach
    void open() {
        stores = new SharedStoreAccess(Fixtures.options());
        ipam = new Ipam(stores);
    }

    @AfterEach
    void close() throws Exception {
        stores.close();
        Fixtures.assertConsistent(dir);
    }

    private Lease add(NetworkDefinition net, String container) throws IpamException {
        return ipam.add(dir, net, request(net.network(), container));
    }

    @Test
    void legacyConfigHandsOutFromDotTwoWithGatewayDotOne() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.10.0.0/24\"");
        Lease lease = add(net, "c1");
        assertEquals("10.10.0.2", ip(lease));
        assertEquals("10.10.0.2/24", lease.addresses().get(0).address().toString());
        assertEquals("10.10.0.1", lease.addresses().get(0).gateway().toString());
        assertEquals("10.10.0.3", ip(add(net, "c2")));
    }

    @Test
    void rangesFormWithExplicitBoundsAndGateway() throws Exception {
        NetworkDefinition net = network("n1", "\"ranges\":[[{\"subnet\":\"10.20.0.0/24\",\"rangeStart\":\"10.20.0.100\","
                + "\"rangeEnd\":\"10.20.0.102\",\"gateway\":\"10.20.0.101\"}]]");
        assertEquals("10.20.0.100", ip(add(net, "a")));
        assertEquals("10.20.0.102", ip(add(net, "b")), "gateway .101 is skipped");
        assertThrows(IpamException.Exhausted.class, () -> add(net, "c"));
    }

    @Test
    void addIsIdempotentPerAttachment() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.10.0.0/24\"");
        Lease first = add(net, "c1");
        Lease again = add(net, "c1");
        assertEquals(first, again);
        Lease otherIf = ipam.add(dir, net, LeaseRequest.of(new LeaseKey("n1", "c1", "eth1")));
        assertEquals("10.10.0.3", ip(otherIf), "another interface is another attachment");
        assertEquals("10.10.0.4", ip(add(net, "c2")), "the repeated ADD did not consume an address");
    }

    @Test
    void delReleasesAndDelOfUnknownSucceeds() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.10.0.0/24\"");
        add(net, "c1");
        assertTrue(ipam.del(dir, new LeaseKey("n1", "c1", "eth0")).isPresent());
        assertTrue(ipam.del(dir, new LeaseKey("n1", "c1", "eth0")).isEmpty(), "second DEL is a no-op");
        assertTrue(ipam.del(dir, new LeaseKey("never", "seen", "eth9")).isEmpty());
        assertThrows(IpamException.LeaseNotFound.class, () -> ipam.check(dir, new LeaseKey("n1", "c1", "eth0")));
    }

    @Test
    void continuesAfterLastHandedOutThenWrapsAround() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.30.0.0/24\",\"rangeEnd\":\"10.30.0.6\"");
        assertEquals("10.30.0.2", ip(add(net, "a")));
        assertEquals("10.30.0.3", ip(add(net, "b")));
        assertEquals("10.30.0.4", ip(add(net, "c")));
        ipam.del(dir, new LeaseKey("n1", "b", "eth0"));
        assertEquals("10.30.0.5", ip(add(net, "d")), "a released address is not reused at once");
        assertEquals("10.30.0.6", ip(add(net, "e")));
        assertEquals("10.30.0.3", ip(add(net, "f")), "wraps round to the free .3");
        assertThrows(IpamException.Exhausted.class, () -> add(net, "g"));
        ipam.del(dir, new LeaseKey("n1", "e", "eth0"));
        assertEquals("10.30.0.6", ip(add(net, "h")), "the only free address, even right after the cursor");
    }

    @Test
    void cursorSurvivesReopening() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.30.0.0/24\"");
        add(net, "a");
        add(net, "b");
        ipam.del(dir, new LeaseKey("n1", "a", "eth0"));
        stores.close();
        try (EmbeddedStoreAccess embedded = new EmbeddedStoreAccess(Fixtures.options())) {
            assertEquals("10.30.0.4", ip(new Ipam(embedded).add(dir, net, request("n1", "c"))));
        }
    }

    @Test
    void walksSeveralRangesOfOneSetInOrder() throws Exception {
        NetworkDefinition net = network("n1", "\"ranges\":[["
                + "{\"subnet\":\"10.40.0.0/24\",\"rangeStart\":\"10.40.0.10\",\"rangeEnd\":\"10.40.0.11\"},"
                + "{\"subnet\":\"10.41.0.0/24\",\"rangeStart\":\"10.41.0.1\",\"rangeEnd\":\"10.41.0.2\"}]]");
        assertEquals("10.40.0.10", ip(add(net, "a")));
        assertEquals("10.40.0.11", ip(add(net, "b")));
        assertEquals("10.41.0.2", ip(add(net, "c")), ".1 is the second range's default gateway");
        assertEquals("10.41.0.0/24", add(net, "c").addresses().get(0).address().network().toString());
        assertThrows(IpamException.Exhausted.class, () -> add(net, "d"));
        ipam.del(dir, new LeaseKey("n1", "a", "eth0"));
        assertEquals("10.40.0.10", ip(add(net, "e")), "wrapped from the second range to the first");
    }

    @Test
    void dualStackGivesOneAddressPerRangeSet() throws Exception {
        NetworkDefinition net = network("n1", "\"ranges\":[[{\"subnet\":\"10.50.0.0/24\"}],[{\"subnet\":\"fd00:50::/64\"}]]");
        Lease lease = add(net, "c1");
        assertEquals(List.of("10.50.0.2", "fd00:50::2"), ips(lease));
        assertEquals("fd00:50::2/64", lease.addresses().get(1).address().toString());
        assertEquals("fd00:50::1", lease.addresses().get(1).gateway().toString());
        assertEquals(List.of("10.50.0.3", "fd00:50::3"), ips(add(net, "c2")));
    }

    @Test
    void exhaustingOneFamilyKeepsNothingOfTheOther() throws Exception {
        NetworkDefinition net = network("n1", "\"ranges\":[[{\"subnet\":\"10.50.0.0/24\"}],"
                + "[{\"subnet\":\"fd00:50::/64\",\"rangeStart\":\"fd00:50::5\",\"rangeEnd\":\"fd00:50::5\"}]]");
        add(net, "c1");
        IpamException e = assertThrows(IpamException.Exhausted.class, () -> add(net, "c2"));
        assertTrue(e.getMessage().contains("fd00:50::5-fd00:50::5"), e.getMessage());
        assertEquals("10.50.0.3", ip(ipam.add(dir, network("n1", "\"subnet\":\"10.50.0.0/24\""), request("n1", "c3"))),
                "10.50.0.3 was not kept by the failed ADD");
    }

    @Test
    void staticRequestPicksTheExactAddress() throws Exception {
        NetworkDefinition net = network("n1", "\"ranges\":[[{\"subnet\":\"10.60.0.0/24\"}],[{\"subnet\":\"fd00:60::/64\"}]]");
        Lease lease = ipam.add(dir, net, request("n1", "c1").withRequested(
                List.of(IpAddress.parse("fd00:60::99"), IpAddress.parse("10.60.0.77"))));
        assertEquals(List.of("10.60.0.77", "fd00:60::99"), ips(lease));
        Lease half = ipam.add(dir, net, request("n1", "c2").withRequested(List.of(IpAddress.parse("10.60.0.78"))));
        assertEquals(List.of("10.60.0.78", "fd00:60::9a"), ips(half), "the other family continues after the last one");
    }

    @Test
    void staticRequestErrors() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.60.0.0/24\",\"rangeEnd\":\"10.60.0.200\",\"exclude\":[\"10.60.0.50\"]");
        ipam.add(dir, net, request("n1", "c1").withRequested(List.of(IpAddress.parse("10.60.0.77"))));
        assertUnavailable(net, "10.60.0.77", "already in use by container c1 interface eth0");
        assertUnavailable(net, "10.60.0.201", "outside every range of network n1");
        assertUnavailable(net, "10.61.0.5", "outside every range");
        assertUnavailable(net, "fd00::5", "outside every range");
        assertUnavailable(net, "10.60.0.1", "gateway");
        assertUnavailable(net, "10.60.0.50", "excluded");
        IpamException twoInOneSet = assertThrows(IpamException.AddressUnavailable.class, () -> ipam.add(dir, net,
                request("n1", "c3").withRequested(List.of(IpAddress.parse("10.60.0.5"), IpAddress.parse("10.60.0.6")))));
        assertTrue(twoInOneSet.getMessage().contains("one address per range set"), twoInOneSet.getMessage());
        IpamException other = assertThrows(IpamException.AddressUnavailable.class, () -> ipam.add(dir, net,
                request("n1", "c1").withRequested(List.of(IpAddress.parse("10.60.0.9")))));
        assertTrue(other.getMessage().contains("already holds 10.60.0.77"), other.getMessage());
        assertEquals("10.60.0.77", ip(ipam.add(dir, net,
                request("n1", "c1").withRequested(List.of(IpAddress.parse("10.60.0.77"))))), "same request again is fine");
    }

    private void assertUnavailable(NetworkDefinition net, String address, String expected) {
        IpamException e = assertThrows(IpamException.AddressUnavailable.class, () -> ipam.add(dir, net,
                request(net.network(), "c2").withRequested(List.of(IpAddress.parse(address)))));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(IpamException.CODE_ADDRESS_UNAVAILABLE, e.cniCode());
    }

    @Test
    void networkAndBroadcastAreNeverHandedOutEvenInsideExplicitBounds() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.70.0.0/30\",\"rangeStart\":\"10.70.0.0\","
                + "\"rangeEnd\":\"10.70.0.3\",\"gateway\":\"10.70.0.2\"");
        assertEquals("10.70.0.1", ip(add(net, "a")));
        assertThrows(IpamException.Exhausted.class, () -> add(net, "b"));
        assertUnavailable(net, "10.70.0.0", "network address");
        assertUnavailable(net, "10.70.0.3", "broadcast address");
    }

    @Test
    void excludedAddressesAndCidrsAreSkipped() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.80.0.0/24\",\"rangeEnd\":\"10.80.0.20\","
                + "\"exclude\":[\"10.80.0.3\",\"10.80.0.8/30\",\"10.80.0.4\"]");
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 13; i++) {
            got.add(ip(add(net, "c" + i)));
        }
        assertEquals(Set.of("10.80.0.2", "10.80.0.5", "10.80.0.6", "10.80.0.7", "10.80.0.12", "10.80.0.13",
                "10.80.0.14", "10.80.0.15", "10.80.0.16", "10.80.0.17", "10.80.0.18", "10.80.0.19", "10.80.0.20"), got);
        assertThrows(IpamException.Exhausted.class, () -> add(net, "full"));
    }

    @Test
    void fillsASlash22ExactlyThenReportsExhaustion() throws Exception {
        NetworkDefinition net = network("big", "\"subnet\":\"10.90.0.0/22\"");
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 1021; i++) {
            got.add(ip(add(net, "c" + i)));
        }
        assertEquals(1021, got.size(), "1024 - network - broadcast - gateway");
        assertFalse(got.contains("10.90.0.0") || got.contains("10.90.0.1") || got.contains("10.90.3.255"));
        assertTrue(got.contains("10.90.3.254"));
        IpamException e = assertThrows(IpamException.Exhausted.class, () -> add(net, "one-too-many"));
        assertEquals("no IP addresses available in network \"big\" range set 10.90.0.1-10.90.3.254", e.getMessage());
        assertTrue(e.cniCode() >= 100);
        assertFalse(ipam.status(dir, net).ready());
        assertTrue(ipam.status(dir, net).message().contains("\"big\""));
        ipam.del(dir, new LeaseKey("big", "c500", "eth0"));
        assertTrue(ipam.status(dir, net).ready());
    }

    @Test
    void hugeIpv6RangeAllocatesAtTheEndAndWraps() throws Exception {
        NetworkDefinition net = network("v6", "\"subnet\":\"fd00:1::/64\"");
        Lease end = ipam.add(dir, net, request("v6", "last").withRequested(List.of(IpAddress.parse("fd00:1::ffff:ffff:ffff:ffff"))));
        assertEquals("fd00:1::ffff:ffff:ffff:ffff", ip(end), "IPv6 has no broadcast: the last address is usable");
        assertEquals("fd00:1::2", ip(add(net, "next")), "wrapped from the very end to the start");
    }

    @Test
    void checkFindsTheLease() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.10.0.0/24\"");
        Lease lease = add(net, "c1");
        assertEquals(lease, ipam.check(dir, new LeaseKey("n1", "c1", "eth0")));
        IpamException e = assertThrows(IpamException.LeaseNotFound.class, () -> ipam.check(dir, new LeaseKey("n1", "c1", "eth1")));
        assertEquals(IpamException.CODE_LEASE_NOT_FOUND, e.cniCode());
    }

    @Test
    void leaseRecordsNamesTimeAndBoot() throws Exception {
        NetworkDefinition net = network("n1", "\"subnet\":\"10.10.0.0/24\"");
        Lease lease = ipam.add(dir, net, request("n1", "c1").withNames("web", List.of("www", "api")));
        Lease stored = ipam.check(dir, new LeaseKey("n1", "c1", "eth0"));
        assertEquals("web", stored.name());
        assertEquals(List.of("www", "api"), stored.aliases());
        assertEquals(Fixtures.BOOT, stored.bootId());
        assertEquals(lease.created(), stored.created());
    }

    @Test
    void networksAreSeparateAddressSpaces() throws Exception {
        NetworkDefinition a = network("a", "\"subnet\":\"10.10.0.0/24\"");
        NetworkDefinition b = network("b", "\"subnet\":\"10.10.0.0/24\"");
        assertEquals("10.10.0.2", ip(add(a, "c1")));
        assertEquals("10.10.0.2", ip(add(b, "c1")));
        ipam.del(dir, new LeaseKey("a", "c1", "eth0"));
        assertEquals("10.10.0.2", ip(ipam.check(dir, new LeaseKey("b", "c1", "eth0"))));
    }
}
