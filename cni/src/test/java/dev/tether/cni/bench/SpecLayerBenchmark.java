package dev.tether.cni.bench;

import dev.tether.cni.invoke.Attachment;
import dev.tether.cni.invoke.Delegate;
import dev.tether.cni.invoke.InProcessRegistry;
import dev.tether.cni.invoke.NetworkExecutor;
import dev.tether.cni.invoke.PluginInvoker;
import dev.tether.cni.invoke.ResultCache;
import dev.tether.cni.skel.ExecTestPlugin;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginRunner;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.DelegatingPlugin;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.RecordingPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints figures of the CNI spec layer (not a test; run by hand):
 * {@code java -cp <test classpath> dev.tether.cni.bench.SpecLayerBenchmark}.
 * Warm figures are per call after warm-up; cold figures are medians of whole processes.
 */
public final class SpecLayerBenchmark {
    private SpecLayerBenchmark() {}

    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("tt-bench");
        try {
            run(dir);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir) throws Exception {
        Path netns = Fixtures.fakeNetns(dir);
        String prev = Json.string(Fixtures.sampleResult().toJson(CniVersion.V1_0_0));
        byte[] addConfig = Fixtures.bytes("{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"type\":\"tt\",\"mtu\":1400,"
                + "\"ipam\":{\"type\":\"tt-ipam\",\"subnet\":\"10.1.0.0/16\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}]},"
                + "\"prevResult\":" + prev + "}");
        Map<String, String> env = Fixtures.env("ADD", netns);
        PluginRunner runner = new PluginRunner(RecordingPlugin.passingThrough("tt", Result.EMPTY));
        // a plugin that keeps no requests, so the loop measures the runner only
        PluginRunner lean = new PluginRunner(new dev.tether.cni.skel.CniPlugin() {
            public String about() {
                return "lean";
            }

            public Result add(dev.tether.cni.skel.CniRequest r) {
                return r.prevResult();
            }

            public void del(dev.tether.cni.skel.CniRequest r) {}

            public void check(dev.tether.cni.skel.CniRequest r) {}
        });
        warm("runner ADD, 1.0.0 config with prevResult, env+config parse, result write", 20000,
                () -> check(lean.handle(new Invocation(env, addConfig))));

        byte[] resultBytes = Fixtures.sampleResult().toBytes(CniVersion.V1_0_0);
        warm("result parse 1.0.0 + write 0.4.0", 20000,
                () -> Result.fromBytes(resultBytes, CniVersion.V1_0_0).toBytes(CniVersion.V0_4_0));

        RecordingPlugin ipam = new RecordingPlugin("tt-ipam", r -> Fixtures.sampleResult().abbreviated());
        PluginRunner inProcessMain = new PluginRunner(new DelegatingPlugin(new Delegate(
                new PluginInvoker(InProcessRegistry.empty().with("tt-ipam", new PluginRunner(ipam))))));
        byte[] mainConfig = Fixtures.bytes("{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"type\":\"tt-main\","
                + "\"ipam\":{\"type\":\"tt-ipam\"}}");
        warm("main plugin ADD delegating to an in-process IPAM plugin", 5000, () -> {
            check(inProcessMain.handle(new Invocation(env, mainConfig)));
            ipam.requests().clear();
        });

        Path dataDir = dir.resolve("host-local");
        byte[] hostLocal = Fixtures.bytes("{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"type\":\"tt-main\","
                + "\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + dataDir + "\",\"subnet\":\"10.99.0.0/16\"}}");
        PluginRunner execMain = new PluginRunner(new DelegatingPlugin(new Delegate(PluginInvoker.execOnly())));
        Map<String, String> delEnv = Fixtures.env("DEL", netns);
        warm("main plugin ADD+DEL delegating to exec'd reference host-local", 100, () -> {
            check(execMain.handle(new Invocation(env, hostLocal)));
            check(execMain.handle(new Invocation(delEnv, hostLocal)));
        });

        List<RecordingPlugin> chain = new ArrayList<>();
        InProcessRegistry registry = InProcessRegistry.empty();
        for (String type : List.of("tt-a", "tt-b", "tt-c")) {
            RecordingPlugin p = RecordingPlugin.passingThrough(type, Fixtures.sampleResult());
            chain.add(p);
            registry = registry.with(type, new PluginRunner(p));
        }
        NetworkExecutor executor = new NetworkExecutor(new PluginInvoker(registry), List.of(),
                new ResultCache(dir.resolve("cache")), Map.of(), System.err);
        NetworkConfigList list = NetworkConfigList.parse(Fixtures.bytes("{\"cniVersion\":\"1.1.0\",\"name\":\"net1\","
                + "\"plugins\":[{\"type\":\"tt-a\"},{\"type\":\"tt-b\"},{\"type\":\"tt-c\"}]}"));
        Attachment attachment = Attachment.of("ctr-1", netns.toString(), "eth0");
        warm("conflist of 3 in-process plugins: ADD + cache write + DEL + cache delete", 2000, () -> {
            executor.add(list, attachment);
            executor.del(list, attachment);
            chain.forEach(p -> p.requests().clear());
        });

        cold("exec'd reference host-local VERSION", List.of("/usr/lib/cni/host-local"), Map.of("CNI_COMMAND", "VERSION"));
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                ExecTestPlugin.class.getName());
        cold("exec'd JVM plugin (skeleton + jackson) VERSION", java, Map.of("CNI_COMMAND", "VERSION"));
        Map<String, String> addEnv = Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "c1", "CNI_IFNAME", "eth0",
                "CNI_NETNS", netns.toString());
        cold("exec'd JVM plugin (skeleton + jackson) ADD", java, addEnv);
    }

    private static void check(Outcome outcome) {
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.toString());
        }
    }

    private static void warm(String name, int iterations, Op op) throws Exception {
        for (int i = 0; i < iterations; i++) {
            op.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            op.run();
        }
        double micros = (System.nanoTime() - start) / 1000.0 / iterations;
        System.out.printf("%-80s %10.1f us/op%n", name, micros);
    }

    private static void cold(String name, List<String> command, Map<String, String> env) throws Exception {
        long[] millis = new long[7];
        for (int i = 0; i < millis.length; i++) {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(env);
            long start = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().write(Fixtures.bytes("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"t\"}"));
            process.getOutputStream().close();
            process.getInputStream().readAllBytes();
            process.getErrorStream().readAllBytes();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(name + " failed");
            }
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("%-80s %10d ms (median of %d processes)%n", name, millis[millis.length / 2], millis.length);
    }
}
