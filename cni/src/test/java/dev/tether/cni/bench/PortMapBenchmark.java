package dev.tether.cni.bench;

import dev.tether.cni.invoke.PluginInvoker;
import dev.tether.cni.plugins.portmap.PortMapPlugin;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints ADD and DEL latencies of tether-portmap (warm JVM, nftables map elements) next to the
 * reference portmap (exec'd; Debian's 1.1.1 writes iptables chains), interleaved in one run, with
 * 0 and then N other containers' ports already published by each (not a test; root; run with
 * {@code bash cni/bench/portmap-bench.sh [iterations] [N]}). Each ADD publishes a TCP and a UDP port.
 */
public final class PortMapBenchmark {
    private PortMapBenchmark() {}

    @FunctionalInterface
    private interface Caller {
        Outcome call(Map<String, String> env, String config);
    }

    private record Variant(String name, Caller caller, String type, String network) {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int others = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("tt-portmap-bench");
        try (BridgeLab lab = new BridgeLab(dir)) {
            PluginHandler ours = lab.registry().handler(PortMapPlugin.TYPE, lab.context()).orElseThrow();
            Caller warm = (env, config) -> ours.handle(new Invocation(env, config.getBytes(StandardCharsets.UTF_8)));
            Caller reference = (env, config) -> {
                Map<String, String> direct = new HashMap<>(env);
                direct.put("CNI_PATH", Fixtures.REFERENCE_PLUGINS.toString());
                return PluginInvoker.execOnly().invoke("portmap", List.of(lab.cniPath()), direct,
                        config.getBytes(StandardCharsets.UTF_8));
            };
            List<Variant> variants = List.of(new Variant("reference portmap (exec, iptables)", reference, "portmap", "pref"),
                    new Variant("tether-portmap (warm JVM, nft map elements)", warm, PortMapPlugin.TYPE, "pours"));
            BridgeLab.Container container = lab.container("bench");
            measure(lab, container, variants, iterations, 0);
            for (Variant v : variants) {
                for (int i = 0; i < others; i++) {
                    require(v.caller().call(lab.env("ADD", "other-" + i, container, "eth0"),
                            config(v, container, 20000 + i, 1 + i)), v.name() + " populating");
                }
            }
            measure(lab, container, variants, iterations, others);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(BridgeLab lab, BridgeLab.Container container, List<Variant> variants, int iterations,
                                int others) {
        List<List<Long>> add = new ArrayList<>();
        List<List<Long>> del = new ArrayList<>();
        variants.forEach(v -> {
            add.add(new ArrayList<>());
            del.add(new ArrayList<>());
        });
        int warmup = Math.min(10, iterations);
        for (int i = 0; i < warmup + iterations; i++) {
            for (int v = 0; v < variants.size(); v++) {
                Variant variant = variants.get(v);
                String config = config(variant, container, 8080, 250);
                long t0 = System.nanoTime();
                require(variant.caller().call(lab.env("ADD", "bench", container, "eth0"), config), variant.name() + " ADD");
                long t1 = System.nanoTime();
                require(variant.caller().call(lab.env("DEL", "bench", container, "eth0"), config), variant.name() + " DEL");
                long t2 = System.nanoTime();
                if (i >= warmup) {
                    add.get(v).add(t1 - t0);
                    del.get(v).add(t2 - t1);
                }
            }
        }
        System.out.printf("%d iterations, %d other containers' ports published%n", iterations, others);
        System.out.printf("%-46s %12s %12s %12s %12s%n", "", "ADD median", "ADD p95", "DEL median", "DEL p95");
        for (int v = 0; v < variants.size(); v++) {
            System.out.printf("%-46s %9.2f ms %9.2f ms %9.2f ms %9.2f ms%n", variants.get(v).name(), ms(add.get(v), 50),
                    ms(add.get(v), 95), ms(del.get(v), 50), ms(del.get(v), 95));
        }
    }

    /** The chained config: tcp and udp on hostPort, prevResult with the container at 10.7X.0.OCTET. */
    private static String config(Variant variant, BridgeLab.Container container, int hostPort, int octet) {
        String subnet = variant.type().equals("portmap") ? "10.71" : "10.72";
        String ip = subnet + "." + (octet / 250) + "." + (octet % 250 + 2);
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"" + variant.network() + "\",\"type\":\"" + variant.type() + "\","
                + "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":" + hostPort + ",\"containerPort\":80,\"protocol\":\"tcp\"},"
                + "{\"hostPort\":" + hostPort + ",\"containerPort\":53,\"protocol\":\"udp\"}]},"
                + "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"" + container.path()
                + "\"}],\"ips\":[{\"address\":\"" + ip + "/16\",\"interface\":0}]}}";
    }

    private static void require(Outcome outcome, String what) {
        if (!outcome.succeeded()) {
            throw new IllegalStateException(what + " failed: " + outcome + " " + outcome.stderrText());
        }
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
