package dev.tether.cni.firewall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Serializes the look-then-write of port publishing between processes (plugins exec'd without a
 * daemon, the CLI): the kernel refuses only a key identical to one in a map, not one containing it
 * ("any address" and one address on the same port), so the overlap check against a list of the
 * table must not race another process's write. Within a JVM the firewall's monitor comes first, so
 * the file lock is only ever contended between processes.
 */
final class PublishLock implements AutoCloseable {
    /**
     * In /run itself (root's only): not in the daemon's /run/tether, which systemd removes when
     * the daemon stops, under a holder's feet; not in the world-writable /run/lock, where anyone
     * could take it. Tests point it elsewhere with the system property {@code tether.publishLock}.
     */
    static final Path DEFAULT = Path.of(System.getProperty("tether.publishLock", "/run/tether-publish.lock"));

    private final FileChannel channel;
    private final FileLock lock;

    private PublishLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until this process holds the lock of {@code file}, creating it (and its directory) when missing. */
    static PublishLock acquire(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new PublishLock(channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + " (port publishing is serialized through it): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        }
    }
}
