package dev.tether.cni.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.invoke.ResultCache;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.testing.Fixtures;
import dev.tether.ipam.query.LeaseView;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pools, subnet planning, the config directory, endpoints and filters, without a kernel. */
class NetworkModelTest {
    @TempDir
    Path dir;

    private static List<IpPrefix> prefixes(String... texts) {
        return List.of(texts).stream().map(IpPrefix::parse).toList();
    }

    @Test
    void thePoolsAreDockersThenTethersIpv6Prefix() {
        assertEquals(IpPrefix.parse("172.17.0.0/16"), SubnetPool.IPV4.firstFree(List.of()).orElseThrow());
        assertEquals(IpPrefix.parse("172.31.0.0/16"), SubnetPool.IPV4.firstFree(prefixes("172.16.0.0/13", "172.24.0.0/14",
                "172.28.0.0/15", "172.30.0.0/16")).orElseThrow());
        assertEquals(IpPrefix.parse("192.168.16.0/20"), SubnetPool.IPV4.firstFree(prefixes("172.16.0.0/12", "192.168.1.0/24"))
                .orElseThrow(), "then 192.168.0.0/16 in /20s");
        assertTrue(SubnetPool.IPV4.firstFree(prefixes("172.16.0.0/12", "192.168.0.0/16")).isEmpty());
        assertTrue(SubnetPool.IPV4.firstFree(prefixes("0.0.0.0/1", "128.0.0.0/1")).isEmpty());
        assertEquals(IpPrefix.parse("fd74:7468:7200:1::/64"), SubnetPool.IPV6.firstFree(prefixes("fd74:7468:7200::/64"))
                .orElseThrow());
    }

    private static CreateRequest request(List<IpPrefix> subnets, List<String> gateways, List<IpPrefix> ranges, boolean ipv6) {
        return new CreateRequest("n", null, subnets, gateways.stream().map(InetAddresses::parse).toList(), ranges, ipv6,
                null, null, false, null, Map.of(), Map.of());
    }

    @Test
    void thePlannerGivesGatewaysAndRangesAndRefusesWhatCannotWork() {
        SubnetPlanner planner = new SubnetPlanner(List.of(new SubnetPlanner.Taken(IpPrefix.parse("172.17.0.0/16"), "x")));
        List<Subnet> pooled = planner.plan(request(List.of(), List.of(), List.of(), true));
        assertEquals(List.of(IpPrefix.parse("172.18.0.0/16"), IpPrefix.parse("fd74:7468:7200::/64")),
                pooled.stream().map(Subnet::subnet).toList());
        assertEquals(InetAddresses.parse("172.18.0.1"), pooled.get(0).gateway());

        List<Subnet> v6only = planner.plan(request(prefixes("fd00:9::/64"), List.of(), List.of(), false));
        assertEquals(1, v6only.size(), "an IPv6 subnet alone makes an IPv6-only network");

        Subnet ranged = planner.plan(request(prefixes("10.1.0.0/16"), List.of("10.1.255.254"), prefixes("10.1.0.0/24"), false))
                .get(0);
        assertEquals(InetAddresses.parse("10.1.0.1"), ranged.rangeStart(), "the network address is never handed out");
        assertEquals(InetAddresses.parse("10.1.0.255"), ranged.rangeEnd(), "inside a /16 a .255 is a host");
        assertEquals(InetAddresses.parse("10.1.255.254"), ranged.gateway());
        Subnet plain = planner.plan(request(prefixes("10.2.0.0/24"), List.of(), List.of(), false)).get(0);
        assertNull(plain.rangeStart());
        assertEquals("{\"subnet\":\"10.2.0.0/24\",\"gateway\":\"10.2.0.1\"}", plain.toRange().toString());

        assertEquals("two --gateway values (10.3.0.1, 10.3.0.2) for --subnet 10.3.0.0/24; give one per subnet",
                assertThrows(NetworkException.class, () -> planner.plan(request(prefixes("10.3.0.0/24"),
                        List.of("10.3.0.1", "10.3.0.2"), List.of(), false))).getMessage());
        assertEquals("--subnet 172.17.5.0/24 overlaps x; choose another --subnet, or leave it out to get a free one",
                assertThrows(NetworkException.class, () -> planner.plan(request(prefixes("172.17.5.0/24"), List.of(),
                        List.of(), false))).getMessage());
        assertTrue(assertThrows(NetworkException.class, () -> planner.plan(request(prefixes("10.4.0.0/24"), List.of(),
                prefixes("10.5.0.0/24"), false))).getMessage().startsWith("--ip-range 10.5.0.0/24 is outside every subnet"));
        assertTrue(assertThrows(NetworkException.class, () -> planner.plan(request(prefixes("10.4.0.0/24"),
                List.of("10.4.0.255"), List.of(), false))).getMessage().contains("is the broadcast address of 10.4.0.0/24"));
    }

    private void write(String file, String json) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), json);
    }

    private static String conflist(String name, String subnet) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"" + name + "\",\"plugins\":[{\"type\":\"bridge\",\"ipam\":"
                + "{\"type\":\"host-local\",\"subnet\":\"" + subnet + "\"}}]}";
    }

    @Test
    void theDirectoryIsReadInLibcnisOrderAndWrittenWithoutReplacing() throws Exception {
        write("50-b.conflist", conflist("b", "10.2.0.0/24"));
        write("10-a.conf", "{\"cniVersion\":\"0.4.0\",\"name\":\"a\",\"type\":\"bridge\",\"ipam\":{\"type\":\"host-local\","
                + "\"subnet\":\"10.1.0.0/24\"}}");
        write("20-b.json", "{\"cniVersion\":\"0.4.0\",\"name\":\"b\",\"type\":\"macvlan\"}");
        write("30-bad.conflist", "{\"name\": 7}");
        write("notes.txt", "not a network");
        ConfigDir configDir = new ConfigDir(dir);
        ConfigDir.Scan scan = configDir.scan();
        assertEquals(List.of("b", "a"), scan.networks().stream().map(Network::name).toList(), "conflists first, as libcni looks up");
        assertEquals("bridge", scan.find("b").orElseThrow().driver());
        assertEquals(List.of(IpPrefix.parse("10.1.0.0/24")), scan.find("a").orElseThrow().subnets().stream()
                .map(Subnet::subnet).toList());
        assertEquals(2, scan.problems().size(), scan.problems().toString());
        assertTrue(scan.problems().get(0).startsWith(dir.resolve("30-bad.conflist") + ": "), scan.problems().toString());
        assertTrue(scan.problems().get(1).contains("network \"b\" is already defined by an earlier file"), scan.problems().toString());

        Path file = configDir.create("c", "{}".getBytes());
        assertEquals(dir.resolve("c.conflist"), file);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(assertThrows(NetworkException.class, () -> configDir.create("c", "{\"x\":1}".getBytes())).getMessage()
                .startsWith("network c exists (" + file + ")"));
        assertEquals("{}", Files.readString(file), "never replaced");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".tether-")), "no temporary file left");
        }
        assertEquals("network zz not found in " + dir + " (see 'tether network ls')",
                assertThrows(NetworkException.class, () -> configDir.require("zz")).getMessage());
    }

    @Test
    void endpointsJoinLeasesAndCacheEntries() {
        LeaseView leased = new LeaseView("n", "c1", "eth0", List.of("10.1.0.2/24"), List.of("10.1.0.1"), Instant.EPOCH.toString(),
                0, "web", List.of("www"), false);
        LeaseView reserved = new LeaseView("n", "@reserved", "10.1.0.9", List.of("10.1.0.9/24"), List.of(), "", 0, null, null,
                true);
        ResultCache.Entry c1 = new ResultCache.Entry("n", "c1", "eth0", "/run/netns/c1", CniArgs.NONE, Map.of(), new byte[0],
                Fixtures.sampleResult().toJson(CniVersion.CURRENT));
        ResultCache.Entry c2 = new ResultCache.Entry("n", "c2", "eth0", "/run/netns/c2", CniArgs.NONE, Map.of(), new byte[0],
                Fixtures.sampleResult().toJson(CniVersion.CURRENT));
        List<Endpoint> endpoints = Endpoints.of(List.of(leased, reserved), List.of(c1, c2)).of("n");
        assertEquals(2, endpoints.size(), "the reservation is no container");
        Endpoint first = endpoints.get(0);
        assertEquals(List.of("10.1.0.2/24"), first.addresses(), "the lease's addresses");
        assertEquals("0a:58:0a:01:00:05", first.mac(), "the cached container interface's MAC");
        assertEquals("web", first.name());
        assertEquals("/run/netns/c1", first.netns());
        Endpoint cacheOnly = endpoints.get(1);
        assertEquals(List.of("10.1.0.5/16", "fd00:1::5/64"), cacheOnly.addresses(), "from the cached result");
        assertTrue(cacheOnly.matches("c2") && cacheOnly.matches("c") && !cacheOnly.matches("c3"));
        assertTrue(first.matches("web"), "by name too");
        assertEquals(List.of(), Endpoints.of(List.of(leased), List.of()).of("other"));
    }

    @Test
    void filtersUseDockersKeys() {
        Network labelled = new Network(dir.resolve("x.conflist"), NetworkConfigList.parse(
                Fixtures.bytes(conflist("x", "10.9.0.0/24"))), Optional.of(new TetherMeta("abcdef", Instant.EPOCH,
                "bridge", Map.of("team", "blue", "tier", ""), Map.of())), null, List.of());
        NetworkFilter.Summary summary = new NetworkFilter.Summary(labelled, 0);
        assertTrue(NetworkFilter.parse(List.of("label=team")).test(summary));
        assertTrue(NetworkFilter.parse(List.of("label=team=blue", "id=abc", "dangling=true")).test(summary));
        assertTrue(!NetworkFilter.parse(List.of("label=team=red")).test(summary));
        assertTrue(NetworkFilter.parse(List.of("name=zz", "name=x")).test(summary), "values of one key widen");
        assertTrue(!NetworkFilter.parse(List.of("name=x", "driver=macvlan")).test(summary), "different keys narrow");
        assertTrue(assertThrows(NetworkException.class, () -> NetworkFilter.parse(List.of("dangling=maybe"))).getMessage()
                .contains("dangling is true or false"));
    }
}
