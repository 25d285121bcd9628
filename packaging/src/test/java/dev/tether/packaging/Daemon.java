package dev.tether.packaging;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tree's {@code tether daemon}, started by a test in a namespace of its own with its own
 * socket and data directory, and stopped with SIGTERM as systemd would stop it.
 */
final class Daemon implements AutoCloseable {
    private final Process process;
    final Path socket;
    final Path dataDir;
    final Path log;

    private Daemon(Process process, Path socket, Path dataDir, Path log) {
        this.process = process;
        this.socket = socket;
        this.dataDir = dataDir;
        this.log = log;
    }

    /**
     * Starts the daemon in the named namespace (its network namespace only, as nsenter --net
     * does: the daemon sees the machine's mounts, e.g. the namespaces podman makes later).
     */
    static Daemon start(String namespace, Path dir, String... moreOptions) throws Exception {
        Files.createDirectories(dir);
        Path socket = dir.resolve("run/tether.sock");
        Path dataDir = dir.resolve("daemon-data");
        Path log = dir.resolve("daemon.log");
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace,
                Tree.TETHER.toString(), "daemon", "--socket", socket.toString(), "--data-dir", dataDir.toString()));
        command.addAll(List.of(moreOptions));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Daemon daemon = new Daemon(process, socket, dataDir, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!daemon.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                daemon.close();
                throw new AssertionError("the tether daemon did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return daemon;
    }

    boolean answers() {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, then waits (the daemon finishes calls in flight and removes its socket). */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the tether daemon did not stop on SIGTERM");
        }
    }
}
