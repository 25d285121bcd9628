package dev.tether.cni.testing;

import dev.tether.ipam.daemon.DaemonClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java main run as its own process on the test classpath, the way a runtime runs a plugin:
 * environment in, config on stdin, result on stdout, exit code.
 */
public final class PluginProcess {
    private PluginProcess() {}

    /** What a finished process printed and returned. */
    public record Finished(int exitCode, String stdout, String stderr) {}

    /**
     * The command line: short-lived JVM flags, the test classpath as {@link ChildClasspath} prepares it.
     *
     * @param tmpDir the child's java.io.tmpdir: MapDB's lz4 and jffi unpack native libraries there
     */
    public static List<String> command(Class<?> main, Path tmpDir, String... args) {
        ChildClasspath.Prepared classpath = ChildClasspath.get();
        List<String> cmd = new ArrayList<>(jvm(tmpDir));
        cmd.addAll(classpath.jvmOptions());
        cmd.addAll(List.of("-cp", classpath.classpath(), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The java launcher with the flags of a short-lived JVM (C1 only, no perf data file, serial GC). */
    static List<String> jvm(Path tmpDir) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xmx128m",
                "-Djava.io.tmpdir=" + tmpDir);
    }

    /** Starts the main with these variables added to the inherited environment and writes stdin. */
    public static Process start(Class<?> main, Path tmpDir, Map<String, String> env, byte[] stdin, String... args)
            throws IOException {
        Files.createDirectories(tmpDir);
        ProcessBuilder builder = new ProcessBuilder(command(main, tmpDir, args));
        builder.environment().putAll(env);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        }
        return process;
    }

    /** Waits for the process and collects its output (stderr read on a thread: no pipe deadlock). */
    public static Finished finish(Process process, long timeoutSeconds) throws Exception {
        var stderr = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stderr.complete("(stderr unreadable: " + e + ")");
            }
        });
        reader.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not finish in " + timeoutSeconds + " s: " + stdout);
        }
        return new Finished(process.exitValue(), stdout, stderr.get(timeoutSeconds, TimeUnit.SECONDS));
    }

    /** Waits (up to 60 s) until a daemon process answers on its socket; fails if it exits first. */
    public static void awaitDaemon(Process daemon, Path socket) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        DaemonClient client = new DaemonClient(socket);
        while (!client.isRunning()) {
            if (!daemon.isAlive()) {
                throw new AssertionError("the daemon exited early");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the daemon did not come up");
            }
            Thread.sleep(50);
        }
    }
}
