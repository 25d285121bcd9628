package dev.tether.ipam.query;

import static dev.tether.ipam.Fixtures.network;
import static dev.tether.ipam.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.ipam.Fixtures;
import dev.tether.ipam.Ipam;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.LeaseRequest;
import dev.tether.ipam.config.NetworkDefinition;
import dev.tether.ipam.daemon.DaemonConfig;
import dev.tether.ipam.daemon.DaemonServer;
import dev.tether.ipam.daemon.Reply;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.SharedStoreAccess;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standalone queries, directly on the store and through the daemon: same code, same answers. */
class QueryTest {
    @TempDir
    Path tmp;
    private Path data;
    private Path socket;
    private Map<String, String> env;

    @BeforeEach
    void seed() throws Exception {
        data = tmp.resolve("data");
        socket = tmp.resolve("run/t.sock");
        env = Map.of("TETHER_DATA_DIR", data.toString());
        NetworkDefinition web = network("web", "\"ranges\":[[{\"subnet\":\"10.5.0.0/24\",\"rangeEnd\":\"10.5.0.100\"}],"
                + "[{\"subnet\":\"fd00:5::/120\"}]],\"exclude\":[\"10.5.0.10/30\"]");
        NetworkDefinition db = network("db", "\"subnet\":\"10.6.0.0/28\"");
        try (EmbeddedStoreAccess stores = new EmbeddedStoreAccess(Fixtures.options())) {
            Ipam ipam = new Ipam(stores);
            ipam.add(data, web, request("web", "aaaa1111"));
            ipam.add(data, web, request("web", "bbbb2222"));
            ipam.add(data, web, LeaseRequest.of(new LeaseKey("web", "aaaa1111", "eth1")).withNames("api", List.of("api2")));
            ipam.add(data, db, request("db", "aaaa1111"));
        }
    }

    private QueryReply direct(QueryRequest q) throws Exception {
        return new QueryClient(socket, Fixtures.options()).run(q, env); // no daemon: runs on the store
    }

    @Test
    void lsShowsLeasesSortedByNetworkAndAddress() throws Exception {
        QueryReply all = direct(QueryRequest.ls(null));
        assertTrue(all.ok());
        assertEquals(List.of("db/aaaa1111/eth0", "web/aaaa1111/eth0", "web/bbbb2222/eth0", "web/aaaa1111/eth1"),
                all.leases().stream().map(l -> l.network() + "/" + l.container() + "/" + l.ifname()).toList());
        LeaseView first = direct(QueryRequest.ls("web")).leases().get(0);
        assertEquals(List.of("10.5.0.2/24", "fd00:5::2/120"), first.addresses());
        assertEquals(List.of("10.5.0.1", "fd00:5::1"), first.gateways());
        assertTrue(first.ageSeconds() >= 0 && first.ageSeconds() < 60);
        assertFalse(first.reserved());
        LeaseView named = direct(QueryRequest.ls("web")).leases().get(2);
        assertEquals("api", named.name());
        assertEquals(List.of("api2"), named.aliases());
    }

    @Test
    void showFindsAContainerByIdOrPrefixAcrossNetworks() throws Exception {
        QueryReply shown = direct(QueryRequest.show("aaaa"));
        assertEquals(3, shown.leases().size());
        assertTrue(shown.leases().stream().allMatch(l -> l.container().equals("aaaa1111")));
        assertEquals(0, direct(QueryRequest.show("zzz")).leases().size());
    }

    @Test
    void usageCountsSizeUsedAndFreePerRange() throws Exception {
        QueryReply reply = direct(QueryRequest.usage(null));
        assertEquals(List.of("db", "web"), reply.usage().stream().map(NetworkUsage::network).toList());
        NetworkUsage web = reply.usage().get(1);
        assertEquals(3, web.leases());
        RangeUsage v4 = web.ranges().get(0);
        assertEquals("10.5.0.1-10.5.0.100", v4.range());
        // 100 addresses in .1-.100, minus the gateway .1 and the excluded .8-.11 (clipped to .10/30 = .8-.11)
        assertEquals(BigInteger.valueOf(95), v4.size());
        assertEquals(BigInteger.valueOf(3), v4.used());
        assertEquals(BigInteger.valueOf(92), v4.free());
        RangeUsage v6 = web.ranges().get(1);
        assertEquals(1, v6.rangeSet());
        assertEquals(BigInteger.valueOf(255 - 1), v6.size(), "::1-::ff minus the gateway");
        RangeUsage db = reply.usage().get(0).ranges().get(0);
        assertEquals(BigInteger.valueOf(13), db.size(), "a /28: 16 - network - broadcast - gateway");
        QueryReply unknown = direct(QueryRequest.usage("nope"));
        assertFalse(unknown.ok());
        assertTrue(unknown.error().message().contains("unknown to the store"));
    }

    @Test
    void reserveKeepsAnAddressFromAllocationAndReleaseFreesIt() throws Exception {
        QueryReply reserved = direct(QueryRequest.reserve("db", "10.6.0.3"));
        assertTrue(reserved.ok(), String.valueOf(reserved.error()));
        assertTrue(reserved.leases().get(0).reserved());
        assertEquals(List.of("10.6.0.3/28"), reserved.leases().get(0).addresses());
        try (EmbeddedStoreAccess stores = new EmbeddedStoreAccess(Fixtures.options())) {
            NetworkDefinition db = network("db", "\"subnet\":\"10.6.0.0/28\"");
            assertEquals("10.6.0.4", Fixtures.ip(new Ipam(stores).add(data, db, request("db", "next"))), ".3 is skipped");
        }
        assertError(QueryRequest.reserve("db", "10.6.0.3"), IpamException.CODE_ADDRESS_UNAVAILABLE, "already");
        assertError(QueryRequest.reserve("db", "10.6.0.2"), IpamException.CODE_ADDRESS_UNAVAILABLE, "container aaaa1111");
        assertError(QueryRequest.reserve("db", "10.6.0.1"), IpamException.CODE_ADDRESS_UNAVAILABLE, "gateway");
        assertError(QueryRequest.reserve("db", "10.7.0.1"), IpamException.CODE_ADDRESS_UNAVAILABLE, "outside every subnet");
        assertError(QueryRequest.reserve("db", "nonsense"), IpamException.CODE_INVALID_CONFIG, "is not an IP address");
        assertTrue(direct(QueryRequest.reserve("future", "192.168.9.9")).ok(), "a network not seen yet can be reserved in");

        QueryReply released = direct(QueryRequest.release("db", LeaseKey.RESERVED, "10.6.0.3"));
        assertEquals(1, released.released().size());
        QueryReply both = direct(QueryRequest.release("web", "aaaa1111", null));
        assertEquals(2, both.released().size(), "without ifname: every interface of the container");
        QueryReply none = direct(QueryRequest.release("web", "ghost", "eth0"));
        assertTrue(none.ok());
        assertEquals(0, none.released().size());
        assertEquals(List.of(), direct(QueryRequest.verify()).problems());
    }

    @Test
    void gcKeepsListedAttachments() throws Exception {
        QueryReply reply = direct(QueryRequest.gc("web", List.of("aaaa1111:eth1", ":eth0")));
        assertEquals(List.of("web/aaaa1111/eth0", "web/bbbb2222/eth0"),
                reply.released().stream().map(l -> l.network() + "/" + l.container() + "/" + l.ifname()).toList());
        assertEquals(1, reply.problems().size(), "the bad keep entry is reported");
        assertEquals(1, direct(QueryRequest.ls("web")).leases().size());
    }

    @Test
    void forgetRemovesEverythingOfANetworkSoThatItStartsAfresh() throws Exception {
        assertTrue(direct(QueryRequest.reserve("web", "10.5.0.50")).ok());
        QueryReply forgotten = direct(QueryRequest.forget("web"));
        assertTrue(forgotten.ok(), String.valueOf(forgotten.error()));
        assertEquals(4, forgotten.released().size(), "three leases and the reservation");
        assertEquals(List.of("db"), direct(QueryRequest.usage(null)).usage().stream().map(NetworkUsage::network).toList(),
                "the ranges are gone");
        assertError(QueryRequest.ls("web"), IpamException.CODE_INVALID_CONFIG, "unknown to the store");
        assertEquals(0, direct(QueryRequest.forget("web")).released().size(), "forgetting twice is fine");
        try (EmbeddedStoreAccess stores = new EmbeddedStoreAccess(Fixtures.options())) {
            NetworkDefinition web = network("web", "\"subnet\":\"10.5.0.0/24\"");
            assertEquals("10.5.0.2", Fixtures.ip(new Ipam(stores).add(data, web, request("web", "cccc3333"))),
                    "allocation starts again from the first address");
        }
        assertEquals(1, direct(QueryRequest.ls("db")).leases().size(), "other networks are untouched");
        assertEquals(List.of(), direct(QueryRequest.verify()).problems());
    }

    @Test
    void badQueriesAreErrorsNotCrashes() throws Exception {
        assertError(new QueryRequest("frobnicate", null, null, null, null, null, null), 7, "unknown query");
        assertError(new QueryRequest(null, null, null, null, null, null, null), 7, "unknown query");
        assertError(QueryRequest.show(null), 7, "needs a container");
        try (SharedStoreAccess stores = new SharedStoreAccess(Fixtures.options())) {
            Reply r = new QueryHandler(stores).handle(env, "{not json".getBytes(StandardCharsets.UTF_8));
            assertEquals(1, r.exitCode());
            assertTrue(r.stdoutText().contains("\"ok\":false"), r.stdoutText());
        }
    }

    @Test
    void queriesNamingAnUnknownNetworkOrAMissingStoreFailWithoutCreatingOne() throws Exception {
        assertError(QueryRequest.ls("nope"), IpamException.CODE_INVALID_CONFIG, "network nope is unknown to the store");
        assertError(QueryRequest.ls("nope"), IpamException.CODE_INVALID_CONFIG, "known: db, web");
        assertError(QueryRequest.release("nope", "aaaa1111", null), IpamException.CODE_INVALID_CONFIG, "unknown");
        assertError(QueryRequest.gc("nope", List.of()), IpamException.CODE_INVALID_CONFIG, "unknown");
        Path elsewhere = tmp.resolve("elsewhere");
        assertError(QueryRequest.ls(null).withDataDir(elsewhere.toString()), IpamException.CODE_IO, "no IPAM store in " + elsewhere);
        assertFalse(java.nio.file.Files.exists(elsewhere.resolve("ipam.db")), "a query does not create a store");
        assertTrue(direct(QueryRequest.reserve("new", "10.9.9.9").withDataDir(elsewhere.toString())).ok(),
                "reserve may start a store");
    }

    private void assertError(QueryRequest q, int code, String text) throws Exception {
        QueryReply r = direct(q);
        assertFalse(r.ok());
        assertEquals(code, r.error().code(), r.error().message());
        assertTrue(r.error().message().contains(text), r.error().message());
    }

    @Test
    void throughTheDaemonTheAnswersAreTheSame() throws Exception {
        QueryReply directLs = direct(QueryRequest.ls(null));
        QueryReply directUsage = direct(QueryRequest.usage(null));
        try (SharedStoreAccess stores = new SharedStoreAccess(Fixtures.options());
             DaemonServer daemon = DaemonServer.start(DaemonConfig.defaults(socket),
                     Map.of(QueryHandler.NAME, new QueryHandler(stores)))) {
            QueryClient client = new QueryClient(daemon.socket(), Fixtures.options());
            QueryReply viaDaemon = client.run(QueryRequest.ls(null), env);
            assertEquals(strip(directLs), strip(viaDaemon));
            assertEquals(directUsage, client.run(QueryRequest.usage(null), env));
            QueryReply reserve = client.run(QueryRequest.reserve("web", "10.5.0.50"), env);
            assertTrue(reserve.ok());
            QueryReply busy = direct(QueryRequest.ls(null).withDataDir(data.toString()));
            assertTrue(busy.ok(), "with the daemon up, the client goes through it (the daemon holds the store lock)");
            assertEquals(5, busy.leases().size());
        }
    }

    /** Ages differ by the seconds between two queries. */
    private static List<LeaseView> strip(QueryReply r) {
        return r.leases().stream().map(l -> new LeaseView(l.network(), l.container(), l.ifname(), l.addresses(),
                l.gateways(), l.created(), 0, l.name(), l.aliases(), l.reserved())).toList();
    }
}
