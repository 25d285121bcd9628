package dev.tether.cni.bench;

import dev.tether.cni.invoke.PluginInvoker;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.plugins.bridge.BridgeMain;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.TestIpam;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Prints ADD and DEL latencies of tether-bridge next to the reference bridge plugin, interleaved
 * in one run (not a test; root; run with {@code bash cni/bench/bridge-bench.sh [iterations]}).
 * Both bridges use the reference host-local, which each reaches through one {@code ip netns exec}
 * into the benchmark's host namespace (tether-bridge warm in this JVM execs it; the reference
 * bridge is itself exec'd that way and execs host-local directly), so both pay the same wrapper.
 */
public final class BridgeBenchmark {
    private BridgeBenchmark() {}

    /** One variant: a name and how to run one command of it. */
    private record Variant(String name, Caller caller, String config) {}

    @FunctionalInterface
    private interface Caller {
        Outcome call(Map<String, String> env, String config);
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path dir = Files.createTempDirectory("tt-bridge-bench");
        TestIpam ipam = new TestIpam();
        try (BridgeLab lab = new BridgeLab(dir, PluginRegistry.standard().with(TestIpam.TYPE, c -> ipam))) {
            run(lab, iterations);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(BridgeLab lab, int iterations) throws Exception {
        PluginHandler ours = lab.bridge();
        Caller warm = (env, config) -> ours.handle(new Invocation(env, config.getBytes(StandardCharsets.UTF_8)));
        Caller reference = (env, config) -> {
            Map<String, String> direct = new java.util.HashMap<>(env);
            direct.put("CNI_PATH", Fixtures.REFERENCE_PLUGINS.toString()); // already inside the host namespace
            return PluginInvoker.execOnly().invoke("bridge", List.of(lab.cniPath()), direct, config.getBytes(StandardCharsets.UTF_8));
        };
        Caller cold = (env, config) -> exec(lab, env, config);
        String fixedIpam = "{\"type\":\"tt-ipam\",\"address\":\"10.78.0.2/24\",\"gateway\":\"10.78.0.1\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}";
        List<Variant> variants = List.of(
                new Variant("reference bridge (exec) + host-local", reference, config("bref", "ttref0", "", lab.hostLocal("10.76.0.0/24"), "bridge")),
                new Variant("tether-bridge (warm JVM) + host-local", warm, config("bours", "ttbr0", "", lab.hostLocal("10.77.0.0/24"), "tether-bridge")),
                new Variant("reference bridge (exec) + host-local, ipMasq", reference,
                        config("brefm", "ttref1", ",\"ipMasq\":true", lab.hostLocal("10.74.0.0/24"), "bridge")),
                new Variant("tether-bridge (warm JVM) + host-local, ipMasq", warm,
                        config("boursm", "ttbr1", ",\"ipMasq\":true", lab.hostLocal("10.75.0.0/24"), "tether-bridge")),
                new Variant("tether-bridge (warm JVM) + in-process IPAM", warm, config("bipam", "ttbr2", "", fixedIpam, "tether-bridge")));
        BridgeLab.Container container = lab.container("bench");
        List<List<Long>> add = new ArrayList<>();
        List<List<Long>> del = new ArrayList<>();
        variants.forEach(v -> {
            add.add(new ArrayList<>());
            del.add(new ArrayList<>());
        });
        int warmup = Math.min(20, iterations);
        for (int i = 0; i < warmup + iterations; i++) {
            for (int v = 0; v < variants.size(); v++) {
                Variant variant = variants.get(v);
                long t0 = System.nanoTime();
                require(variant.caller().call(lab.env("ADD", "ctr-bench", container, "eth0"), variant.config()));
                long t1 = System.nanoTime();
                require(variant.caller().call(lab.env("DEL", "ctr-bench", container, "eth0"), variant.config()));
                long t2 = System.nanoTime();
                if (i >= warmup) {
                    add.get(v).add(t1 - t0);
                    del.get(v).add(t2 - t1);
                }
            }
        }
        System.out.printf("%-48s %12s %12s %12s %12s%n", "ADD+DEL, " + iterations + " iterations, interleaved",
                "ADD median", "ADD p95", "DEL median", "DEL p95");
        for (int v = 0; v < variants.size(); v++) {
            System.out.printf("%-48s %9.2f ms %9.2f ms %9.2f ms %9.2f ms%n", variants.get(v).name(),
                    ms(add.get(v), 50), ms(add.get(v), 95), ms(del.get(v), 50), ms(del.get(v), 95));
        }
        List<Long> coldAdd = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            require(cold.call(lab.env("ADD", "ctr-bench", container, "eth0"), variants.get(1).config()));
            coldAdd.add(System.nanoTime() - t0);
            require(warm.call(lab.env("DEL", "ctr-bench", container, "eth0"), variants.get(1).config()));
        }
        System.out.printf("%-48s %9.2f ms (median of 5 processes, plain JDK, no CDS)%n", "tether-bridge exec'd JVM (BridgeMain) ADD",
                ms(coldAdd, 50));
    }

    private static String config(String network, String bridge, String extra, String ipam, String type) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"" + network + "\",\"type\":\"" + type + "\",\"bridge\":\"" + bridge
                + "\",\"isDefaultGateway\":true" + extra + ",\"ipam\":" + ipam + "}";
    }

    private static Outcome exec(BridgeLab lab, Map<String, String> env, String config) {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of("ip", "netns", "exec", lab.hostName(),
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                    "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), BridgeMain.class.getName()));
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().write(config.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            return new Outcome(process.waitFor(), out, err);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(Outcome outcome) {
        if (!outcome.succeeded()) {
            throw new IllegalStateException("benchmark call failed: " + outcome + " " + outcome.stderrText());
        }
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
