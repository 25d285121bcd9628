package dev.tether.cni.invoke;

import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one plugin binary: exactly the given environment, stdin written while stdout and stderr
 * are drained (so no pipe can fill up and deadlock), bounded by a timeout.
 */
final class ProcessExec {
    /** ETXTBSY: the binary was just written and is still open for writing somewhere. */
    private static final String TEXT_BUSY = "error=26";
    private static final int START_ATTEMPTS = 20;
    private static final long START_RETRY_MILLIS = 50;
    private static final long PIPE_GRACE_MILLIS = 1000;

    private ProcessExec() {}

    static Outcome run(Path binary, Map<String, String> env, byte[] stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(binary.toString());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = start(builder, binary);
        Drain stdout = new Drain(process.getInputStream(), "stdout");
        Drain stderr = new Drain(process.getErrorStream(), "stderr");
        Thread feeder = daemon("cni-exec-stdin", () -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the plugin exited without reading all of stdin: its outcome says why
            }
        });
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                throw new CniException(ErrorCode.INTERNAL, "plugin " + binary + " did not finish within "
                        + timeout.toSeconds() + " s and was killed");
            }
            // The output is complete once the plugin exits, unless a child it left running holds
            // the pipes open: then take what arrived after a short grace.
            long grace = Math.max(1, Math.min(PIPE_GRACE_MILLIS,
                    TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            feeder.join(grace);
            return new Outcome(process.exitValue(), stdout.finish(grace), stderr.finish(grace));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CniException(ErrorCode.INTERNAL, "interrupted while running plugin " + binary);
        }
    }

    private static Process start(ProcessBuilder builder, Path binary) {
        for (int attempt = 1; ; attempt++) {
            try {
                return builder.start();
            } catch (IOException e) {
                String message = String.valueOf(e.getMessage());
                if (!message.contains(TEXT_BUSY) || attempt == START_ATTEMPTS) {
                    throw new CniException(ErrorCode.IO_FAILURE, "cannot execute plugin " + binary + ": " + message);
                }
            }
            try {
                Thread.sleep(START_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CniException(ErrorCode.INTERNAL, "interrupted while starting plugin " + binary);
            }
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Reads one output stream to the end on its own thread. */
    private static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final InputStream in;
        private final Thread thread;

        Drain(InputStream in, String name) {
            this.in = in;
            this.thread = daemon("cni-exec-" + name, this::copy);
        }

        private void copy() {
            byte[] buffer = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (bytes) {
                        bytes.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // closed under us after the deadline: keep what arrived
            }
        }

        byte[] finish(long waitMillis) throws InterruptedException {
            thread.join(waitMillis);
            if (thread.isAlive()) {
                try {
                    in.close();
                } catch (IOException e) {
                    // nothing more to read either way
                }
            }
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }
    }
}
