package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.cli.TetherCli;
import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.RecordType;
import dev.tether.cni.dns.wire.ResourceRecord;
import dev.tether.cni.testing.PluginProcess;
import java.net.PortUnreachableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code tether daemon} process, run in the lab's host namespace with its config dir and
 * resolv.conf: DNS is on by default, answers a container's name and forwards to the upstream, and
 * SIGTERM frees the port.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsDaemonProcessTest {
    @TempDir
    Path dir;

    @Test
    void tetherDaemonServesDnsUntilSigterm() throws Exception {
        try (DnsLab dns = new DnsLab(dir)) {
            DnsLab.Network net = dns.network("net1", "ttbr1", "10.204.0.0/24");
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", dns.lab.hostName()));
            command.addAll(PluginProcess.command(TetherCli.class, dir.resolve("jvm-tmp"), "daemon",
                    "--socket", dns.socket.toString(), "--data-dir", dns.dataDir.toString(),
                    "--config-dir", dns.configDir.toString(), "--resolv-conf", dns.resolvConf.toString()));
            Files.createDirectories(dir.resolve("jvm-tmp"));
            Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("daemon.log").toFile()).start();
            try {
                // The ADD comes as soon as the socket takes calls, while the daemon may still be
                // starting: its reply must still wait for the network's listener, so the very
                // first query is answered (no waiting for a log line here).
                PluginProcess.awaitDaemon(daemon, dns.socket);
                DnsLab.Attached web = dns.add(net, "web", "web", "www");
                DnsMessage www = firstQuery(web, DnsProbe.query("www.net1", RecordType.A));
                assertEquals(List.of(web.address(0)), www.answers().stream().map(ResourceRecord::address).toList());
                DnsMessage outside = DnsProbe.udp(web.container().ns(), web.gateway(0),
                        DnsProbe.query("outside.example", RecordType.A));
                assertEquals(List.of(FakeUpstream.OUTSIDE), outside.answers().stream().map(ResourceRecord::address).toList());

                daemon.destroy(); // SIGTERM
                assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
                assertThrows(PortUnreachableException.class, () -> DnsProbe.udpRaw(web.container().ns(), web.gateway(0),
                        DnsProbe.query("web", RecordType.A).encode(), 2000), "the port is free");
            } finally {
                daemon.destroyForcibly();
                daemon.waitFor(30, TimeUnit.SECONDS);
            }
            String log = Files.readString(dir.resolve("daemon.log"));
            assertTrue(log.contains("serving DNS of network net1 on 10.204.0.1 port 53"), log);
        }
    }

    /** The first query after the ADD; when it fails, the daemon's log says what it had done by then. */
    private DnsMessage firstQuery(DnsLab.Attached web, DnsMessage query) throws Exception {
        try {
            return DnsProbe.udp(web.container().ns(), web.gateway(0), query);
        } catch (Exception e) {
            throw new AssertionError("the first query after the ADD failed; daemon log:\n"
                    + Files.readString(dir.resolve("daemon.log")), e);
        }
    }
}
