package dev.tether.packaging;

import dev.tether.cni.BackgroundPreload;
import dev.tether.cni.PluginLauncher;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.skel.PluginMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload the install tree's class-data archive (AOT cache or AppCDS) is trained on, run once
 * at build time by {@code assemble.sh} on the tree's own runtime, class path and flags. It goes
 * through the entry an exec'd plugin takes ({@link PluginLauncher#standalone}: the forwarder found
 * no daemon, so the plugin runs in this process with the store opened per call) for real work: tether-bridge
 * ADD, CHECK and DEL with and without ipMasq (netlink, tether-ipam in-process, nftables), tether-portmap
 * chained after it, plain tether-ipam calls, VERSION and the error paths. Only the plugins' work: a JVM with an AOT cache
 * loads every class of the cache at start, so the CLI's classes would slow every plugin down (the
 * CLI and the daemon use the cache too, for the classes they share with the plugins).
 *
 * <p>Usage: {@code AotTraining <work dir> [container netns path ...]}. The process must run in a
 * throw-away namespace (it is the plugins' host: bridge, veths and rules go there), and each
 * container path must name a throw-away namespace. Without container namespaces (not root, or no
 * namespaces on the build machine) only parsing, VERSION and errors are trained.
 */
public final class AotTraining {
    private static final int ROUNDS = 3;

    private final Path work;
    private final PluginRegistry registry = PluginRegistry.standard();
    private final List<String> failures = new ArrayList<>();
    private int calls;

    private AotTraining(Path work) {
        this.work = work;
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: AotTraining <work dir> [container netns path ...]");
            System.exit(2);
        }
        AotTraining training = new AotTraining(Path.of(args[0]));
        training.processStart();
        List<String> containers = List.of(args).subList(1, args.length);
        for (int round = 0; round < ROUNDS; round++) {
            training.specOnly();
            if (!containers.isEmpty()) {
                training.realWork(containers, round);
            }
        }
        System.out.println("training: " + training.calls + " plugin calls"
                + (containers.isEmpty() ? " (parsing, VERSION and errors only: no namespaces)" : " with real ADD/CHECK/DEL")
                + (training.failures.isEmpty() ? "" : "; unexpected outcomes: " + training.failures));
        if (!training.failures.isEmpty()) {
            // A call that fails here fails for users of this tree too (a class missing from the
            // jar, a library missing on the machine): the build stops rather than ship it.
            System.exit(1);
        }
    }

    /**
     * What an exec'd plugin's JVM does besides the call itself: its background preload
     * ({@code tether-plugin --no-daemon=SOCKET <type>}), the look at its console and the copy of
     * its environment ({@link PluginMain#run}), and slf4j's stand-in loggers, which a thread gets
     * when it asks for its first logger while another is setting slf4j up (two threads of a call
     * that logs; the classes of an exec'd call make their loggers on first use): a class missing
     * from the archive is read from the merged jar, whose opening costs that call ~7 ms.
     */
    private void processStart() {
        for (String type : registry.types()) {
            BackgroundPreload.start(type);
        }
        System.console();
        Map.copyOf(System.getenv());
        for (String standIn : List.of("org.slf4j.helpers.SubstituteLogger", "org.slf4j.event.EventRecordingLogger",
                "org.slf4j.event.SubstituteLoggingEvent")) {
            try {
                Class.forName(standIn);
            } catch (ClassNotFoundException e) {
                failures.add("slf4j's " + standIn + " is missing: " + e);
            }
        }
    }

    /** Calls that need no namespace: VERSION, malformed input, unknown types. */
    private void specOnly() {
        for (String type : registry.types()) {
            expect(0, type, env("VERSION", null, null), "{\"cniVersion\":\"1.0.0\"}");
            expect(1, type, env("ADD", "train-bad", "/nonexistent/netns"), "{not json");
            expect(1, type, env(null, null, null), "");
        }
        expect(1, "tether-nope", env("ADD", "train-bad", "/nonexistent/netns"), "{}");
    }

    /**
     * ADD, CHECK, DEL (twice) of tether-bridge with tether-ipam, with and without ipMasq, tether-portmap
     * chained after it, and tether-ipam alone.
     */
    private void realWork(List<String> containers, int round) {
        for (int i = 0; i < containers.size(); i++) {
            String netns = containers.get(i);
            String id = "train-" + round + "-" + i;
            String config = bridgeConfig(i % 2 == 0);
            String result = expect(0, "tether-bridge", env("ADD", id, netns), config);
            expect(0, "tether-bridge", env("CHECK", id, netns), withPrevResult(config, result));
            String ports = portMapConfig(i % 2 == 0, 18000 + i);
            String published = expect(0, "tether-portmap", env("ADD", id, netns), withPrevResult(ports, result));
            expect(0, "tether-portmap", env("CHECK", id, netns), withPrevResult(ports, published));
        }
        for (int i = 0; i < containers.size(); i++) {
            String netns = containers.get(i);
            String id = "train-" + round + "-" + i;
            String config = bridgeConfig(i % 2 == 0);
            expect(0, "tether-portmap", env("DEL", id, netns), portMapConfig(i % 2 == 0, 18000 + i));
            expect(0, "tether-bridge", env("DEL", id, netns), config);
            expect(0, "tether-bridge", env("DEL", id, netns), config);
        }
        String ipam = "{\"cniVersion\":\"1.1.0\",\"name\":\"train-ipam\",\"type\":\"bridge\","
                + "\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.254.9.0/24\"}}";
        String netns = containers.get(0);
        String result = expect(0, "tether-ipam", env("ADD", "train-ipam-" + round, netns), ipam);
        expect(0, "tether-ipam", env("CHECK", "train-ipam-" + round, netns), withPrevResult(ipam, result));
        expect(0, "tether-ipam", env("DEL", "train-ipam-" + round, netns), ipam);
    }

    private static String withPrevResult(String config, String result) {
        return result.isBlank() ? config : config.substring(0, config.lastIndexOf('}')) + ",\"prevResult\":" + result + "}";
    }

    private static String bridgeConfig(boolean ipMasq) {
        String net = ipMasq ? "0" : "1";
        return "{\"cniVersion\":\"1.1.0\",\"name\":\"train-" + net + "\",\"type\":\"tether-bridge\","
                + "\"bridge\":\"tt-train" + net + "\",\"isGateway\":true,\"ipMasq\":" + ipMasq + ","
                + "\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.254." + net + ".0/24\"}}";
    }

    /** tether-portmap after {@link #bridgeConfig} of the same network: one given port and one picked (hostPort 0). */
    private static String portMapConfig(boolean ipMasq, int hostPort) {
        String net = ipMasq ? "0" : "1";
        return "{\"cniVersion\":\"1.1.0\",\"name\":\"train-" + net + "\",\"type\":\"tether-portmap\","
                + "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":" + hostPort + ",\"containerPort\":80,\"protocol\":\"tcp\"},"
                + "{\"hostPort\":0,\"containerPort\":53,\"protocol\":\"udp\"}]}}";
    }

    private Map<String, String> env(String command, String containerId, String netns) {
        Map<String, String> env = new HashMap<>();
        if (command != null) {
            env.put("CNI_COMMAND", command);
        }
        if (containerId != null) {
            env.put("CNI_CONTAINERID", containerId);
            env.put("CNI_IFNAME", "eth0");
            env.put("CNI_NETNS", netns);
        }
        env.put("CNI_PATH", work.resolve("no-plugins").toString());
        env.put("TETHER_DATA_DIR", work.resolve("data").toString());
        env.put("TETHER_SOCKET", work.resolve("no-daemon.sock").toString());
        return env;
    }

    /**
     * One call the way an exec'd plugin makes it when the forwarder found no daemon
     * ({@code tether-plugin --no-daemon=SOCKET}), through {@link PluginMain#serve}; returns its stdout.
     */
    private String expect(int exitCode, String type, Map<String, String> env, String stdin) {
        calls++;
        PluginHandler handler = PluginLauncher.afterForwarder(registry, type, Path.of(env.get("TETHER_SOCKET")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PluginMain.serve(handler, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                out, err, false);
        String stdout = out.toString(StandardCharsets.UTF_8);
        if (code != exitCode) {
            failures.add(type + " " + env.get("CNI_COMMAND") + " exited " + code + ": " + stdout.strip());
        }
        return stdout;
    }
}
