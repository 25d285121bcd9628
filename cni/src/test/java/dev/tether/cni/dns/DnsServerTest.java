package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.DnsName;
import dev.tether.cni.dns.wire.Question;
import dev.tether.cni.dns.wire.Rcode;
import dev.tether.cni.dns.wire.RecordType;
import dev.tether.cni.dns.wire.ResourceRecord;
import dev.tether.cni.spec.Dns;
import dev.tether.cni.spec.Json;
import dev.tether.ipam.daemon.DaemonClient;
import dev.tether.ipam.daemon.Reply;
import dev.tether.ipam.query.QueryHandler;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.testing.Commands;
import java.net.InetAddress;
import dev.tether.cni.testing.BridgeLab;
import java.net.PortUnreachableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's DNS against the real kernel: a daemon whose host side is a test namespace,
 * containers added through it in namespaces of their own, queries sent from inside those
 * containers to their gateway, and the host's upstream resolver a fake one in another namespace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsServerTest {
    @TempDir
    Path dir;
    private DnsLab dns;

    @BeforeEach
    void lab() throws Exception {
        dns = new DnsLab(dir);
        dns.startDaemon();
    }

    @AfterEach
    void closeLab() throws Exception {
        dns.close();
    }

    private static List<InetAddress> addresses(DnsMessage reply) {
        return reply.answers().stream().map(ResourceRecord::address).toList();
    }

    private static DnsMessage udp(DnsLab.Attached from, InetAddress server, String name, int type) throws Exception {
        return DnsProbe.udp(from.container().ns(), server, DnsProbe.query(name, type));
    }

    private static DnsMessage udp(DnsLab.Attached from, String name, int type) throws Exception {
        return udp(from, from.gateway(0), name, type);
    }

    @Test
    void containersResolveNamesAliasesAndNameDotNetworkOverUdpAndTcp() throws Exception {
        DnsLab.Network net = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Attached web = dns.add(net, "web", "web", "www", "Front");
        DnsLab.Attached db = dns.add(net, "db", "db");
        InetAddress gateway = web.gateway(0);

        assertEquals(new Dns(List.of(InetAddresses.format(gateway)), null, List.of("net1"), List.of()), web.result().dns(),
                "the result tells the runtime to use the gateway and search the network");
        for (String name : List.of("web", "www", "front", "web.net1", "WWW.NET1", "Front.net1")) {
            DnsMessage reply = udp(db, name, RecordType.A);
            assertEquals(Rcode.NOERROR, reply.rcode(), name);
            assertEquals(List.of(web.address(0)), addresses(reply), name);
            assertEquals(List.of(web.address(0)), addresses(DnsProbe.tcp(db.container().ns(), gateway,
                    DnsProbe.query(name, RecordType.A))), name + " over TCP");
        }
        assertEquals(List.of(db.address(0)), addresses(udp(web, "db", RecordType.A)));
        DnsMessage noV6 = udp(web, "db", RecordType.AAAA);
        assertEquals(Rcode.NOERROR, noV6.rcode(), "an IPv4-only container's AAAA is NODATA, not an error");
        assertEquals(List.of(), noV6.answers());

        DnsMessage ptr = udp(web, ReverseName.of(db.address(0)).toString(), RecordType.PTR);
        assertEquals(DnsName.of("db.net1"), ptr.answers().get(0).target());
        assertEquals(List.of(), dns.upstream.asked(), "nothing of the network's went upstream");
    }

    @Test
    void malformedPacketsGetFormerrOrNothingAndTheListenerCarriesOn() throws Exception {
        DnsLab.Network net = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Attached web = dns.add(net, "web", "web");
        HexFormat hex = HexFormat.of();
        byte[] formErr = DnsProbe.udpRaw(web.container().ns(), web.gateway(0), hex.parseHex("beef0100000100000000000003776562"), 2000);
        DnsMessage reply = DnsMessage.parse(formErr);
        assertEquals(0xbeef, reply.id());
        assertEquals(Rcode.FORMERR, reply.rcode());
        assertNull(DnsProbe.udpRaw(web.container().ns(), web.gateway(0), hex.parseHex("0102"), 300), "a runt gets no answer");
        byte[] response = DnsProbe.query("web", RecordType.A).encode();
        response[2] |= (byte) 0x80;
        assertNull(DnsProbe.udpRaw(web.container().ns(), web.gateway(0), response, 300), "a response gets no answer");
        assertEquals(List.of(web.address(0)), addresses(udp(web, "web", RecordType.A)), "still serving");
    }

    @Test
    void aDualStackNetworkAnswersAAndAaaaOnBothGateways() throws Exception {
        DnsLab.Network net = dns.network("dual", "ttbr1", "10.202.0.0/24", "fd00:202::/64");
        DnsLab.Attached web = dns.add(net, "web", "web", "www");
        DnsLab.Attached db = dns.add(net, "db", "db");
        InetAddress v6Gateway = web.gateway(1);
        assertTrue(v6Gateway.getAddress().length == 16);
        assertEquals(2, web.result().dns().nameservers().size(), "both gateways are nameservers");
        for (InetAddress gateway : List.of(web.gateway(0), v6Gateway)) {
            assertEquals(List.of(web.address(0)), addresses(udp(db, gateway, "www.dual", RecordType.A)));
            assertEquals(List.of(web.address(1)), addresses(udp(db, gateway, "www", RecordType.AAAA)));
        }
        DnsMessage ptr = udp(web, v6Gateway, ReverseName.of(db.address(1)).toString(), RecordType.PTR);
        assertEquals(DnsName.of("db.dual"), ptr.answers().get(0).target());
    }

    @Test
    void namesOfAnotherNetworkNeverResolveAndAreNotForwarded() throws Exception {
        DnsLab.Network net1 = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Network net2 = dns.network("net2", "ttbr2", "10.203.0.0/24");
        DnsLab.Attached web = dns.add(net1, "web", "web");
        DnsLab.Attached api = dns.add(net2, "api", "api", "backend");
        assertEquals(List.of(api.address(0)), addresses(udp(api, "backend", RecordType.A)), "api's own network resolves it");

        for (String name : List.of("api", "backend", "api.net2", "backend.net2")) {
            DnsMessage reply = udp(web, name, RecordType.A);
            assertEquals(Rcode.NXDOMAIN, reply.rcode(), name);
            assertEquals(List.of(), reply.answers(), name);
        }
        assertEquals(Rcode.NXDOMAIN, udp(web, ReverseName.of(api.address(0)).toString(), RecordType.PTR).rcode());
        // web reaches net2's gateway through the host (its default route): it is not net2's client.
        for (String name : List.of("api", "web", "outside.example")) {
            DnsMessage viaOtherGateway = udp(web, api.gateway(0), name, RecordType.A);
            assertEquals(Rcode.REFUSED, viaOtherGateway.rcode(), name);
            assertEquals(List.of(), viaOtherGateway.answers(), name);
        }
        assertEquals(List.of(), dns.upstream.asked(), "no container name leaked upstream");
    }

    @Test
    void otherNamesAreForwardedToTheUpstreamAndItsAnswerRelayedUnchanged() throws Exception {
        DnsLab.Network net = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Attached web = dns.add(net, "web", "web");
        DnsMessage query = DnsProbe.query("outside.example", RecordType.A);
        byte[] reply = DnsProbe.udpRaw(web.container().ns(), web.gateway(0), query.encode(), 5000);
        assertEquals(query.id(), DnsMessage.idOf(reply));
        assertArrayEquals(DnsMessage.withId(dns.upstream.lastReply(), query.id()), reply, "the upstream's bytes but for the ID");
        assertEquals(List.of(FakeUpstream.OUTSIDE), addresses(DnsMessage.parse(reply)));
        assertEquals(List.of("outside.example"), dns.upstream.asked());

        assertEquals(List.of(FakeUpstream.OUTSIDE), addresses(DnsProbe.tcp(web.container().ns(), web.gateway(0),
                DnsProbe.query("outside.example", RecordType.A))), "over TCP to the upstream over TCP");
        assertEquals(Rcode.NXDOMAIN, udp(web, "nowhere.example", RecordType.A).rcode(), "the upstream's NXDOMAIN");
    }

    @Test
    void anAnswerTooBigForUdpIsTruncatedAndComesWholeOverTcpOrWithEdns() throws Exception {
        DnsLab.Network net = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Attached web = dns.add(net, "web", "web");
        DnsMessage truncated = udp(web, "big.example", RecordType.A);
        assertTrue(truncated.has(DnsMessage.TC), "TC set: the client retries over TCP");
        assertEquals(List.of(), truncated.answers());
        assertEquals(60, DnsProbe.tcp(web.container().ns(), web.gateway(0), DnsProbe.query("big.example", RecordType.A))
                .answers().size());
        DnsMessage edns = new DnsMessage(77, DnsMessage.RD, List.of(Question.in(DnsName.of("big.example"), RecordType.A)),
                List.of(), List.of(), List.of(ResourceRecord.opt(4096)));
        DnsMessage whole = DnsProbe.udp(web.container().ns(), web.gateway(0), edns);
        assertFalse(whole.has(DnsMessage.TC));
        assertEquals(60, whole.answers().size(), "fits the client's EDNS size");
    }

    @Test
    void aSilentUpstreamIsPassedAfterItsTimeoutAndNoAnswerIsServfail() throws Exception {
        DnsLab.Network net = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Attached web = dns.add(net, "web", "web");
        dns.writeResolvConf("nameserver " + DnsLab.SILENT.getHostAddress() + "\nnameserver " + DnsLab.UPSTREAM.getHostAddress() + "\n");
        long start = System.nanoTime();
        assertEquals(List.of(FakeUpstream.OUTSIDE), addresses(udp(web, "outside.example", RecordType.A)));
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= DnsLab.UPSTREAM_TIMEOUT.toNanos(), "the silent one had its time: " + elapsed / 1_000_000 + " ms");
        assertEquals(List.of("outside.example"), dns.silent.asked());

        dns.writeResolvConf("nameserver " + DnsLab.SILENT.getHostAddress() + "\n");
        start = System.nanoTime();
        DnsMessage reply = udp(web, "outside.example", RecordType.A);
        elapsed = System.nanoTime() - start;
        assertEquals(Rcode.SERVFAIL, reply.rcode());
        assertTrue(elapsed >= DnsLab.UPSTREAM_TIMEOUT.toNanos() && elapsed < Duration.ofSeconds(3).toNanos(),
                "SERVFAIL after the timeout: " + elapsed / 1_000_000 + " ms");
    }

    private record WebAndDb(DnsLab.Attached web, DnsLab.Attached db) {}

    /** Network net1 with containers "web" and "db" (alias "database"), which web resolves. */
    private WebAndDb webAndDb() throws Exception {
        DnsLab.Network net = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Attached web = dns.add(net, "web", "web");
        DnsLab.Attached db = dns.add(net, "db", "db", "database");
        assertEquals(List.of(db.address(0)), addresses(udp(web, "database", RecordType.A)));
        return new WebAndDb(web, db);
    }

    @Test
    void namesGoWithDelAndTheLastDelClosesTheListener() throws Exception {
        WebAndDb two = webAndDb();
        DnsLab.Attached web = two.web();
        DnsLab.Attached db = two.db();
        assertEquals(List.of(web.gateway(0)), List.copyOf(dns.dns().listening()));

        dns.del(db);
        DnsMessage gone = udp(web, "database", RecordType.A);
        assertEquals(Rcode.NXDOMAIN, gone.rcode());
        assertEquals(List.of("database"), dns.upstream.asked(), "no longer a container name: it was the upstream's to answer");
        assertEquals(Rcode.NXDOMAIN, udp(web, ReverseName.of(db.address(0)).toString(), RecordType.PTR).rcode());

        dns.del(web);
        assertEquals(List.of(), List.copyOf(dns.dns().listening()), "no containers: no listener");
        assertThrows(PortUnreachableException.class, () -> DnsProbe.udpRaw(dns.lab.host(), web.gateway(0),
                DnsProbe.query("web", RecordType.A).encode(), 2000), "nothing listens on the gateway (asked from the host)");
    }

    @Test
    void aReleaseThroughTheIpamQueriesDropsTheName() throws Exception {
        WebAndDb two = webAndDb();
        DnsLab.Attached web = two.web();
        DnsLab.Attached db = two.db();
        Reply release = new DaemonClient(dns.socket).call(QueryHandler.NAME, Map.of(), Json.bytes(Json.object()
                .put("op", "release").put("network", "net1").put("container", db.id())));
        assertEquals(0, release.exitCode(), () -> new String(release.stdout()));
        assertEquals(Rcode.NXDOMAIN, udp(web, "database", RecordType.A).rcode(), "released: no longer a name");
        assertEquals(List.of(web.address(0)), addresses(udp(db, "web", RecordType.A)), "the others stay");
    }

    @Test
    void namesSurviveADaemonRestartAndAddsMadeWithoutItAreFoundAtStart() throws Exception {
        DnsLab.Network net = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Attached web = dns.add(net, "web", "web", "www");
        dns.stopDaemon();
        DnsLab.Attached db = dns.addWithoutDaemon(net, "db", "db", "database");

        dns.startDaemon();
        assertEquals(List.of(web.address(0)), addresses(udp(db, "www.net1", RecordType.A)));
        assertEquals(List.of(db.address(0)), addresses(udp(web, "database", RecordType.A)));
    }

    @Test
    void thePeriodicReconcileFollowsTheGatewayAddress() throws Exception {
        DnsLab.Network net = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Attached web = dns.add(net, "web", "web");
        InetAddress gateway = web.gateway(0);
        String host = dns.lab.hostName();
        Commands.run("ip", "-n", host, "addr", "del", InetAddresses.format(gateway) + "/24", "dev", "ttbr1");
        await(() -> !dns.dns().listening().contains(gateway), "the listener closes when its address goes");
        Commands.run("ip", "-n", host, "addr", "add", InetAddresses.format(gateway) + "/24", "dev", "ttbr1");
        await(() -> dns.dns().listening().contains(gateway), "and comes back with it");
        assertEquals(List.of(web.address(0)), addresses(udp(web, "web", RecordType.A)));
    }

    /**
     * Real clients: dig over UDP and TCP, and the C library's resolver reading the resolv.conf a
     * runtime writes from the ADD result's dns (bind-mounted in a private mount namespace: the
     * host's /etc stays untouched), where the search domain makes the bare name resolve.
     */
    @Test
    void digAndTheCLibraryResolveThroughTheResultsDns() throws Exception {
        DnsLab.Network net = dns.network("net1", "ttbr1", "10.201.0.0/24");
        DnsLab.Attached web = dns.add(net, "web", "web");
        DnsLab.Attached db = dns.add(net, "db", "db", "database");
        String ns = web.container().name();
        String server = "@" + InetAddresses.format(web.gateway(0));
        String dbAddress = InetAddresses.format(db.address(0));
        assertEquals(dbAddress + "\n", BridgeLab.exec(ns, "dig", "+short", "+tries=1", "+time=3", server, "db.net1"));
        assertEquals(dbAddress + "\n", BridgeLab.exec(ns, "dig", "+short", "+tcp", "+tries=1", "+time=3", server, "DATABASE"));
        assertEquals("db.net1.\n", BridgeLab.exec(ns, "dig", "+short", "+tries=1", "+time=3", server, "-x", dbAddress));

        Dns result = web.result().dns();
        Path resolvConf = Files.writeString(dir.resolve("container-resolv.conf"), "nameserver " + result.nameservers().get(0)
                + "\nsearch " + String.join(" ", result.search()) + "\noptions timeout:2 attempts:1\n");
        String getent = BridgeLab.exec(ns, "unshare", "--mount", "sh", "-c", "mount --bind " + resolvConf
                + " /etc/resolv.conf && getent ahostsv4 database && getent ahostsv4 outside.example");
        assertTrue(getent.contains(dbAddress + " ") && getent.contains(FakeUpstream.OUTSIDE.getHostAddress() + " "), getent);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(20);
        }
    }
}
