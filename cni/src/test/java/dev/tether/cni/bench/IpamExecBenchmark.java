package dev.tether.cni.bench;

import dev.tether.cni.daemon.TetherDaemon;
import dev.tether.cni.plugins.ipam.IpamMain;
import dev.tether.cni.testing.ChildClasspath;
import dev.tether.cni.testing.Fixtures;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the latency of one exec'd IPAM ADD and DEL, whole process as a runtime sees it (not a
 * test; run by hand, as root, from the repository root after {@code mvn -pl cni -am test-compile}):
 * {@code java -cp <cni test classpath> dev.tether.cni.bench.IpamExecBenchmark [rounds]}.
 * Compared in the same run, interleaved: the reference host-local; tether-ipam in its own JVM on
 * the store (plain classpath, and with the CDS archive the tests use); tether-ipam's Java main
 * handing the call to a warm daemon; and the C forwarder ({@code native/target/tether-fwd}, run
 * under the name tether-ipam) handing it to the same daemon.
 */
public final class IpamExecBenchmark {
    private static final String SUBNET = "\"subnet\":\"10.250.0.0/16\"";

    private IpamExecBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("tt-ipam-bench");
        try {
            run(dir, rounds);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Tool(String name, List<String> command, String ipamType, Map<String, String> env) {}

    private static void run(Path dir, int rounds) throws Exception {
        Path netns = Fixtures.fakeNetns(dir);
        Path socket = dir.resolve("tether.sock");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> flags = List.of("-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Djava.io.tmpdir=" + dir);
        List<String> plain = new ArrayList<>(List.of(java));
        plain.addAll(flags);
        plain.addAll(List.of("-cp", System.getProperty("java.class.path"), IpamMain.class.getName()));
        ChildClasspath.Prepared cds = ChildClasspath.get();
        List<String> archived = new ArrayList<>(List.of(java));
        archived.addAll(flags);
        archived.addAll(cds.jvmOptions());
        archived.addAll(List.of("-cp", cds.classpath(), IpamMain.class.getName()));
        Path forwarder = Path.of("native/target/tether-fwd").toAbsolutePath();
        Path asIpam = Files.createDirectories(dir.resolve("fwd")).resolve("tether-ipam");
        Files.createSymbolicLink(asIpam, forwarder);

        Map<String, String> none = Map.of("TETHER_SOCKET", dir.resolve("none.sock").toString());
        Map<String, String> daemon = Map.of("TETHER_SOCKET", socket.toString());
        List<Tool> tools = new ArrayList<>(List.of(
                new Tool("reference host-local (Go)", List.of("/usr/lib/cni/host-local"), "host-local", none),
                new Tool("tether-ipam JVM, embedded store", plain, "tether-ipam", none),
                new Tool("tether-ipam JVM + AppCDS, embedded store", archived, "tether-ipam", none),
                new Tool("tether-ipam JVM + AppCDS -> daemon", archived, "tether-ipam", daemon)));
        if (Files.isExecutable(forwarder)) {
            tools.add(new Tool("tether-fwd (C) -> daemon", List.of(asIpam.toString()), "tether-ipam", daemon));
        }

        Map<String, long[]> add = new LinkedHashMap<>();
        Map<String, long[]> del = new LinkedHashMap<>();
        tools.forEach(t -> {
            add.put(t.name(), new long[rounds]);
            del.put(t.name(), new long[rounds]);
        });
        try (TetherDaemon running = TetherDaemon.start(socket, dir.resolve("daemon-data"))) {
            for (int round = -2; round < rounds; round++) { // two warm-up rounds
                for (Tool tool : tools) {
                    String config = "{\"cniVersion\":\"1.0.0\",\"name\":\"bench\",\"type\":\"bridge\",\"ipam\":{\"type\":\""
                            + tool.ipamType() + "\",\"dataDir\":\"" + dir.resolve("data-" + tools.indexOf(tool)) + "\"," + SUBNET + "}}";
                    long a = exec(tool, "ADD", netns, config);
                    long d = exec(tool, "DEL", netns, config);
                    if (round >= 0) {
                        add.get(tool.name())[round] = a;
                        del.get(tool.name())[round] = d;
                    }
                }
            }
        }
        System.out.printf("%-45s %12s %12s %12s%n", "ms per exec'd call (" + rounds + " rounds)", "ADD median", "ADD p90", "DEL median");
        for (Tool tool : tools) {
            long[] a = add.get(tool.name());
            long[] d = del.get(tool.name());
            Arrays.sort(a);
            Arrays.sort(d);
            System.out.printf("%-45s %12.1f %12.1f %12.1f%n", tool.name(), a[rounds / 2] / 1e6, a[rounds * 9 / 10] / 1e6,
                    d[rounds / 2] / 1e6);
        }
    }

    private static long exec(Tool tool, String command, Path netns, String config) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(tool.command());
        builder.environment().putAll(tool.env());
        builder.environment().putAll(Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "bench-1", "CNI_IFNAME", "eth0",
                "CNI_NETNS", netns.toString(), "CNI_PATH", "/usr/lib/cni"));
        long start = System.nanoTime();
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(Fixtures.bytes(config));
        }
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(tool.name() + " " + command + " failed: " + new String(out) + new String(err));
        }
        return System.nanoTime() - start;
    }
}
