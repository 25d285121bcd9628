package dev.tether.natives.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.Netlink;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.link.Bridge;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.testing.TestNamespaces;

/**
 * Benchmark (not a test): in a warm JVM, the time to give a fresh namespace a veth whose host end
 * is attached to a bridge and whose container end has an address and is up, done through this
 * module and through the `ip` command, interleaved. Everything happens in namespaces it creates.
 *
 * <p>Run: {@code bash native/bench/veth-bench.sh [iterations]}
 */
public final class VethBench {
    private static final int WARMUP = 50;

    private VethBench() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (TestNamespaces namespaces = new TestNamespaces()) {
            NetNs host = namespaces.create("bench");
            String hostName = namespaces.names().get(0);
            try (Netlink h = Netlink.open(host)) {
                h.links().add(Bridge.named("br0"));
                h.links().setUp("br0");
                int bridge = h.links().indexOf("br0");
                Sample java = new Sample();
                Sample ip = new Sample();
                for (int i = 0; i < WARMUP; i++) {
                    viaJava(h, bridge, i, new Sample());
                }
                for (int i = 0; i < 10; i++) {
                    viaIp(h, hostName, i, new Sample());
                }
                for (int i = 0; i < iterations; i++) {
                    if (i % 2 == 0) {
                        viaJava(h, bridge, i, java);
                        viaIp(h, hostName, i, ip);
                    } else {
                        viaIp(h, hostName, i, ip);
                        viaJava(h, bridge, i, java);
                    }
                }
                System.out.printf(Locale.ROOT, "veth into a fresh namespace + bridge port + address + up, %d iterations, warm JVM%n", iterations);
                System.out.printf(Locale.ROOT, "%-34s %10s %10s%n", "", "median ms", "p95 ms");
                java.print("tether-native (incl. netns create)", "total");
                ip.print("ip commands (incl. ip netns add)", "total");
                java.print("tether-native (links only)", "links");
                ip.print("ip commands (links only)", "links");
                System.out.printf(Locale.ROOT, "ratio ip/tether-native: median %.1fx, p95 %.1fx (links only: median %.1fx)%n",
                        ip.median("total") / java.median("total"), ip.p95("total") / java.p95("total"),
                        ip.median("links") / java.median("links"));
            }
        }
    }

    /** Named namespace + veth (peer inside it, host end on the bridge and up) + address + up. */
    private static void viaJava(Netlink h, int bridge, int i, Sample sample) {
        String ns = "tt-bench-j" + i + "-" + ProcessHandle.current().pid();
        String hostEnd = "vj" + i;
        long start = System.nanoTime();
        try (NetNs container = NetNs.create(ns)) {
            long created = System.nanoTime();
            h.links().add(new Veth(LinkAttrs.named(hostEnd).withMaster(bridge).withUp(true), LinkAttrs.named("eth0"),
                    container));
            try (Netlink c = Netlink.open(container)) {
                int eth0 = c.links().indexOf("eth0");
                c.addresses().add(Addr.of(eth0, address(i)));
                c.links().setUp("eth0");
            }
            long end = System.nanoTime();
            sample.add(end - start, end - created);
        } finally {
            cleanUp(h, hostEnd, ns);
        }
    }

    /** The same through iproute2: five commands, as a shell script would do it. */
    private static void viaIp(Netlink h, String hostName, int i, Sample sample) throws IOException, InterruptedException {
        String ns = "tt-bench-i" + i + "-" + ProcessHandle.current().pid();
        String hostEnd = "vi" + i;
        long start = System.nanoTime();
        try {
            exec("ip", "netns", "add", ns);
            long created = System.nanoTime();
            exec("ip", "-n", hostName, "link", "add", hostEnd, "type", "veth", "peer", "name", "eth0", "netns", ns);
            exec("ip", "-n", hostName, "link", "set", hostEnd, "master", "br0", "up");
            exec("ip", "-n", ns, "addr", "add", address(i).toString(), "dev", "eth0");
            exec("ip", "-n", ns, "link", "set", "eth0", "up");
            long end = System.nanoTime();
            sample.add(end - start, end - created);
        } finally {
            cleanUp(h, hostEnd, ns);
        }
    }

    /** Untimed: delete the pair synchronously so that no teardown overlaps the next measurement. */
    private static void cleanUp(Netlink h, String hostEnd, String ns) {
        h.links().deleteIfExists(hostEnd);
        try {
            NetNs.delete(ns);
        } catch (NotFoundException e) {
            // creation failed before the name existed
        }
    }

    private static IpPrefix address(int i) {
        return IpPrefix.parse("10.88." + (i / 250) + "." + (i % 250 + 2) + "/16");
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    /** Durations of one method: the whole operation and the part after the namespace exists. */
    private static final class Sample {
        private final List<Long> total = new ArrayList<>();
        private final List<Long> links = new ArrayList<>();

        void add(long totalNanos, long linkNanos) {
            total.add(totalNanos);
            links.add(linkNanos);
        }

        double median(String which) {
            return percentile(which, 0.50);
        }

        double p95(String which) {
            return percentile(which, 0.95);
        }

        private double percentile(String which, double q) {
            long[] sorted = (which.equals("total") ? total : links).stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1e6;
        }

        void print(String label, String which) {
            System.out.printf(Locale.ROOT, "%-34s %10.2f %10.2f%n", label, median(which), p95(which));
        }
    }
}
