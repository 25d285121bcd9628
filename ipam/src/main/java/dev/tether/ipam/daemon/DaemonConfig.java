package dev.tether.ipam.daemon;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Daemon settings.
 *
 * @param socket      where to listen
 * @param threads     worker threads (platform threads: handlers may enter namespaces)
 * @param queue       accepted connections waiting for a worker before "busy" replies
 * @param readTimeout how long a client may take to send its request
 * @param stopGrace   how long stopping waits for requests in flight
 * @param limits      request size limits
 */
public record DaemonConfig(Path socket, int threads, int queue, Duration readTimeout, Duration stopGrace,
                           WireCodec.Limits limits) {

    public static DaemonConfig defaults(Path socket) {
        return new DaemonConfig(socket, 16, 256, Duration.ofSeconds(10), Duration.ofSeconds(10),
                WireCodec.Limits.DEFAULT);
    }

    public DaemonConfig withThreads(int n) {
        return new DaemonConfig(socket, n, queue, readTimeout, stopGrace, limits);
    }

    public DaemonConfig withReadTimeout(Duration timeout) {
        return new DaemonConfig(socket, threads, queue, timeout, stopGrace, limits);
    }
}
