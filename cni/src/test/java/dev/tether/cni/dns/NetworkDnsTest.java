package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tether.cni.daemon.TetherDaemon;
import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.DnsName;
import dev.tether.cni.dns.wire.Rcode;
import dev.tether.cni.dns.wire.RecordType;
import dev.tether.cni.dns.wire.ResourceRecord;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.NetworkLab;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names given with {@code tether network connect --name/--alias}, on networks made by
 * {@code tether network create}, resolved by the daemon's DNS: the conflists they write set
 * tetherDns, the connects go through the daemon, and an internal network forwards nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworkDnsTest {
    @TempDir
    Path dir;

    private static DnsMessage ask(BridgeLab.Container from, String gateway, String name, int type) throws Exception {
        return DnsProbe.udp(from.ns(), InetAddress.getByName(gateway), DnsProbe.query(name, type));
    }

    private static List<InetAddress> addresses(DnsMessage reply) {
        return reply.answers().stream().map(ResourceRecord::address).toList();
    }

    @Test
    void tetherNetworkConnectNamesResolveOnTheirNetworkOnly() throws Exception {
        try (NetworkLab net = new NetworkLab(dir)) {
            net.create("red", "--subnet", "10.85.0.0/24");
            net.create("blue", "--subnet", "10.86.0.0/24");
            net.create("vault", "--subnet", "10.87.0.0/24", "--internal");
            // An upstream nobody can reach: a forwarded name would come back SERVFAIL, never REFUSED.
            Path resolvConf = Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.53\n");
            DnsSettings settings = DnsSettings.of(net.configDir(), resolvConf).withUpstreamTimeout(Duration.ofMillis(300));
            try (TetherDaemon daemon = TetherDaemon.start(net.socket(), net.dataDir(), net.configDir(), net.hostPath(), settings)) {
                BridgeLab.Container web = net.connectNew("red", "web", "--name", "web", "--alias", "www");
                BridgeLab.Container peer = net.connectNew("red", "peer", "--name", "peer");
                BridgeLab.Container api = net.connectNew("blue", "api", "--name", "api");
                BridgeLab.Container db = net.connectNew("vault", "db", "--name", "db", "--alias", "secrets");
                InetAddress webIp = InetAddress.getByName(net.address("red", "ctr-web", "eth0"));

                assertEquals(List.of(webIp), addresses(ask(peer, "10.85.0.1", "www", RecordType.A)));
                assertEquals(List.of(webIp), addresses(ask(peer, "10.85.0.1", "WEB.red", RecordType.A)));
                assertEquals(DnsName.of("web.red"), ask(peer, "10.85.0.1", ReverseName.of(webIp).toString(), RecordType.PTR)
                        .answers().get(0).target());
                assertEquals(Rcode.NXDOMAIN, ask(web, "10.85.0.1", "api", RecordType.A).rcode(), "blue's container");
                assertEquals(Rcode.NXDOMAIN, ask(api, "10.86.0.1", "www", RecordType.A).rcode(), "red's container");

                InetAddress dbIp = InetAddress.getByName(net.address("vault", "ctr-db", "eth0"));
                assertEquals(List.of(dbIp), addresses(ask(db, "10.87.0.1", "secrets", RecordType.A)), "internal: names work");
                assertEquals(Rcode.REFUSED, ask(db, "10.87.0.1", "example.com", RecordType.A).rcode(), "internal: no way out");
                assertEquals(Rcode.SERVFAIL, ask(web, "10.85.0.1", "example.com", RecordType.A).rcode(),
                        "red forwards (to an upstream that does not answer)");

                net.network("disconnect", "red", "ctr-web").ok();
                DnsMessage gone = ask(peer, "10.85.0.1", "www", RecordType.A);
                assertNotEquals(Rcode.NOERROR, gone.rcode(), "disconnected: www is no name any more");
                assertEquals(List.of(), gone.answers());
            }
        }
    }
}
