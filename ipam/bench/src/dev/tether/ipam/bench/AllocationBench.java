package dev.tether.ipam.bench;

import dev.tether.ipam.Ipam;
import dev.tether.ipam.daemon.DaemonClient;
import dev.tether.ipam.daemon.DaemonConfig;
import dev.tether.ipam.daemon.DaemonServer;
import dev.tether.ipam.daemon.Reply;
import dev.tether.ipam.daemon.TestHandlers;
import dev.tether.ipam.store.SharedStoreAccess;
import dev.tether.ipam.store.StoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Time per allocation for the first and the last 1,000 leases: Tether's daemon filling a /16
 * (65,533 addresses: a /16 minus network, broadcast and gateway) and the reference host-local
 * (exec'd per ADD, as a runtime does) filling a /20. Not part of the build; run bench/run.sh.
 */
public final class AllocationBench {
    private static final Path HOST_LOCAL = Path.of("/usr/lib/cni/host-local");

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("tether-bench-");
        try {
            double[] tether = tetherDaemon(tmp, "10.200.0.0/16");
            double[] spawn = exec(tmp, 1000, i -> new ProcessBuilder("/bin/true"), null);
            double[] hostLocal = hostLocal(tmp, "10.201.0.0/20");
            System.out.println();
            System.out.printf("%-44s %10s %10s %10s %10s%n", "ms per allocation", "first1000", "(median)", "last1000", "(median)");
            row("tether daemon, /16, " + tether.length + " leases", tether);
            row("host-local exec, /20, " + hostLocal.length + " leases", hostLocal);
            row("(baseline: fork+exec of /bin/true)", spawn);
        } finally {
            deleteTree(tmp);
        }
    }

    private static double[] tetherDaemon(Path tmp, String subnet) throws Exception {
        Path data = tmp.resolve("tether-data");
        Path socket = tmp.resolve("run/tether.sock");
        byte[] config = ("{\"cniVersion\":\"1.0.0\",\"name\":\"bench\",\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\""
                + subnet + "\"}}").getBytes(StandardCharsets.UTF_8);
        try (SharedStoreAccess stores = new SharedStoreAccess(StoreOptions.defaults());
             DaemonServer daemon = DaemonServer.start(DaemonConfig.defaults(socket),
                     Map.of(TestHandlers.ALLOC, TestHandlers.alloc(new Ipam(stores))))) {
            DaemonClient client = new DaemonClient(daemon.socket());
            double[] ms = new double[65533];
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                Reply r = client.call(TestHandlers.ALLOC, env("c" + i, data), config);
                ms[i] = (System.nanoTime() - t) / 1e6;
                check(r.exitCode() == 0, "tether ADD " + i + " failed: " + r.stderrText());
                progress("tether", i, ms.length);
            }
            Reply full = client.call(TestHandlers.ALLOC, env("one-too-many", data), config);
            check(full.exitCode() != 0 && full.stderrText().contains("no IP addresses available"),
                    "the /16 should be exhausted: " + full.stderrText());
            return ms;
        }
    }

    private static Map<String, String> env(String container, Path data) {
        return Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", container, "CNI_IFNAME", "eth0",
                "TETHER_DATA_DIR", data.toString());
    }

    private static double[] hostLocal(Path tmp, String subnet) throws Exception {
        check(Files.isExecutable(HOST_LOCAL), HOST_LOCAL + " is missing (Debian package containernetworking-plugins)");
        Path data = tmp.resolve("host-local-data");
        byte[] config = ("{\"cniVersion\":\"1.0.0\",\"name\":\"bench\",\"ipam\":{\"type\":\"host-local\",\"subnet\":\""
                + subnet + "\",\"dataDir\":\"" + data + "\"}}").getBytes(StandardCharsets.UTF_8);
        return exec(tmp, 4093, i -> {
            ProcessBuilder pb = new ProcessBuilder(HOST_LOCAL.toString());
            pb.environment().put("CNI_COMMAND", "ADD");
            pb.environment().put("CNI_CONTAINERID", "c" + i);
            pb.environment().put("CNI_NETNS", "/proc/self/ns/net");
            pb.environment().put("CNI_IFNAME", "eth0");
            pb.environment().put("CNI_PATH", "/usr/lib/cni");
            return pb;
        }, config);
    }

    private interface Command {
        ProcessBuilder make(int i);
    }

    /** Runs {@code n} processes one after the other, timing each from start to exit. */
    private static double[] exec(Path tmp, int n, Command command, byte[] stdin) throws Exception {
        double[] ms = new double[n];
        Path out = tmp.resolve("exec.out");
        for (int i = 0; i < n; i++) {
            ProcessBuilder pb = command.make(i).redirectErrorStream(true).redirectOutput(out.toFile());
            long t = System.nanoTime();
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            int exit = p.waitFor();
            ms[i] = (System.nanoTime() - t) / 1e6;
            check(exit == 0, pb.command() + " #" + i + " exited " + exit + ": " + Files.readString(out));
            if (stdin != null) {
                progress("host-local", i, n);
            }
        }
        return ms;
    }

    private static void row(String label, double[] ms) {
        int k = Math.min(1000, ms.length);
        double[] first = Arrays.copyOfRange(ms, 0, k);
        double[] last = Arrays.copyOfRange(ms, ms.length - k, ms.length);
        System.out.printf("%-44s %10.3f %10.3f %10.3f %10.3f%n", label, mean(first), median(first), mean(last), median(last));
    }

    private static double mean(double[] a) {
        return Arrays.stream(a).average().orElse(Double.NaN);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void progress(String what, int i, int n) {
        if ((i + 1) % 5000 == 0 || i + 1 == n) {
            System.err.printf("%s: %d/%d%n", what, i + 1, n);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
