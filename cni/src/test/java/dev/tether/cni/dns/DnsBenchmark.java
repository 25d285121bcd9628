package dev.tether.cni.dns;

import dev.tether.cni.daemon.TetherDaemon;
import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.RecordType;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.Fixtures;
import dev.tether.ipam.daemon.DaemonClient;
import dev.tether.ipam.daemon.Reply;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.testing.Commands;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Prints latencies of the daemon's DNS (not a test; root; {@code bash cni/bench/dns-bench.sh
 * [iterations]}): a query answered by Tether itself and one forwarded to the upstream, over UDP
 * and over a kept TCP connection, from inside a container, next to the same query sent straight
 * to the (Java) upstream; and ADD+DEL through a daemon with DNS next to one without, interleaved.
 */
public final class DnsBenchmark {
    private DnsBenchmark() {}

    /** One query kind: a name and how to send it once. */
    private record Probe(String name, Query query) {}

    @FunctionalInterface
    private interface Query {
        void once() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("tt-dns-bench");
        try (DnsLab dns = new DnsLab(dir)) {
            dns.startDaemon();
            run(dns, dir, iterations);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(DnsLab dns, Path dir, int iterations) throws Exception {
        DnsLab.Network net = dns.network("bench", "ttbr1", "10.210.0.0/24");
        for (int i = 0; i < 50; i++) {
            dns.add(net, "n" + i, "node" + i, "alias" + i);
        }
        DnsLab.Attached client = dns.add(net, "client", "client");
        InetAddress gateway = client.gateway(0);
        // The upstream answers the container directly for the baseline.
        Commands.run("ip", "-n", dns.upstreams.name(), "route", "add", "10.210.0.0/24", "via", "198.51.100.1");

        NetNs ns = client.container().ns();
        try (DatagramChannel toTether = udp(ns, gateway); DatagramChannel toUpstream = udp(ns, DnsLab.UPSTREAM);
             TcpClient tcp = new TcpClient(ns, gateway).reopen()) {
            byte[] local = DnsProbe.query("node25.bench", RecordType.A).encode();
            byte[] outside = DnsProbe.query("outside.example", RecordType.A).encode();
            List<Probe> probes = List.of(
                    new Probe("UDP, answered by Tether (50 containers)", () -> exchange(toTether, local)),
                    new Probe("UDP, forwarded by Tether to the upstream", () -> exchange(toTether, outside)),
                    new Probe("UDP, straight to the upstream (baseline)", () -> exchange(toUpstream, outside)),
                    new Probe("TCP (kept connection), answered by Tether", () -> tcp.exchange(local)),
                    new Probe("TCP (kept connection), forwarded (TCP upstream)", () -> tcp.exchange(outside)));
            List<List<Long>> times = measure(probes, iterations);
            System.out.printf("%-50s %12s %12s%n", "DNS query from a container, " + iterations + " each, interleaved", "median", "p95");
            for (int p = 0; p < probes.size(); p++) {
                System.out.printf("%-50s %9.3f ms %9.3f ms%n", probes.get(p).name(), ms(times.get(p), 50), ms(times.get(p), 95));
            }
        }
        addDel(dns, dir, net, Math.max(20, iterations / 20));
    }

    /** ADD+DEL of one more container through the DNS daemon and through one without DNS. */
    private static void addDel(DnsLab dns, Path dir, DnsLab.Network withDns, int iterations) throws Exception {
        DnsLab.Network plainNet = new DnsLab.Network("plain", "ttbr2", List.of("10.211.0.0/24"));
        Path plainSocket = dir.resolve("plain.sock");
        try (TetherDaemon plain = TetherDaemon.start(plainSocket, dir.resolve("plain-data"), null, dns.lab.host().path())) {
            BridgeLab.Container keeper = dns.lab.container("keeper");
            call(plainSocket, dns.env("ADD", "ctr-keeper", keeper, "keeper"), plainNet); // the network stays in use
            BridgeLab.Container c = dns.lab.container("addel");
            List<Probe> variants = List.of(
                    new Probe("tether-bridge ADD+DEL through a daemon with DNS", () -> {
                        call(dns.socket, dns.env("ADD", "ctr-x", c, "x"), withDns);
                        call(dns.socket, dns.env("DEL", "ctr-x", c, "x"), withDns);
                    }),
                    new Probe("tether-bridge ADD+DEL through a daemon without DNS", () -> {
                        call(plainSocket, dns.env("ADD", "ctr-x", c, "x"), plainNet);
                        call(plainSocket, dns.env("DEL", "ctr-x", c, "x"), plainNet);
                    }));
            List<List<Long>> times = measure(variants, iterations);
            System.out.printf("%-50s %12s %12s%n", "ADD+DEL (warm daemon), " + iterations + " each, interleaved", "median", "p95");
            for (int v = 0; v < variants.size(); v++) {
                System.out.printf("%-50s %9.2f ms %9.2f ms%n", variants.get(v).name(), ms(times.get(v), 50), ms(times.get(v), 95));
            }
        }
    }

    private static void call(Path socket, Map<String, String> env, DnsLab.Network network) throws Exception {
        Reply reply = new DaemonClient(socket).call("tether-bridge", env, Fixtures.bytes(network.config(List.of())));
        if (reply.exitCode() != 0) {
            throw new IllegalStateException("benchmark call failed: " + new String(reply.stdout()));
        }
    }

    private static List<List<Long>> measure(List<Probe> probes, int iterations) throws Exception {
        List<List<Long>> times = new ArrayList<>();
        probes.forEach(p -> times.add(new ArrayList<>()));
        int warmup = Math.min(200, iterations);
        for (int i = 0; i < warmup + iterations; i++) {
            for (int p = 0; p < probes.size(); p++) {
                long t0 = System.nanoTime();
                probes.get(p).query().once();
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    times.get(p).add(t1 - t0);
                }
            }
        }
        return times;
    }

    private static DatagramChannel udp(NetNs ns, InetAddress server) throws Exception {
        DatagramChannel channel = ns.call(DatagramChannel::open);
        channel.connect(new InetSocketAddress(server, Forwarder.DNS_PORT));
        channel.socket().setSoTimeout(5000);
        return channel;
    }

    /** A TCP client keeping its connection, and opening a new one (untimed) before the server's per-connection cap. */
    private static final class TcpClient implements AutoCloseable {
        private static final int QUERIES_PER_CONNECTION = 500;
        private final NetNs ns;
        private final InetAddress server;
        private SocketChannel channel;
        private int used;

        TcpClient(NetNs ns, InetAddress server) {
            this.ns = ns;
            this.server = server;
        }

        void exchange(byte[] query) throws Exception {
            Socket socket = channel.socket();
            TcpFraming.write(new DataOutputStream(socket.getOutputStream()), query);
            TcpFraming.read(new DataInputStream(socket.getInputStream()));
            if (++used == QUERIES_PER_CONNECTION) {
                reopen();
            }
        }

        private TcpClient reopen() throws Exception {
            close();
            channel = ns.call(SocketChannel::open);
            channel.connect(new InetSocketAddress(server, Forwarder.DNS_PORT));
            channel.socket().setSoTimeout(5000);
            used = 0;
            return this;
        }

        @Override
        public void close() throws Exception {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private static void exchange(DatagramChannel channel, byte[] query) throws Exception {
        channel.write(ByteBuffer.wrap(query));
        byte[] buffer = new byte[DnsMessage.MAX_LENGTH];
        channel.socket().receive(new DatagramPacket(buffer, buffer.length));
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
