package dev.tether.natives.netns;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tether.natives.libc.LibC;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.Syscall;

/**
 * Platform threads that run tasks inside a namespace. setns() changes only the calling OS thread,
 * so each task switches its pool thread into the target namespace and back to the process's own
 * namespace afterwards; a thread that cannot switch back is discarded, never reused. Callers may be
 * any thread, virtual ones included: they only wait.
 */
final class NamespaceThreads {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceThreads.class);

    private static final class Holder {
        static final NamespaceThreads INSTANCE = new NamespaceThreads();
    }

    /** The process's own namespace (the thread group leader's, which never switches). */
    private final NetNs home = NetNs.open(java.nio.file.Path.of("/proc/self/ns/net"));
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), new PlatformThreads());

    static NamespaceThreads instance() {
        return Holder.INSTANCE;
    }

    <T, E extends Exception> T call(NetNs target, NsTask<T, E> task) throws E {
        CompletableFuture<T> result = new CompletableFuture<>();
        int targetFd = target.fd();
        pool.execute(() -> runInside(target, targetFd, task, result));
        return await(result);
    }

    private <T> void runInside(NetNs target, int targetFd, NsTask<T, ?> task, CompletableFuture<T> result) {
        LibC libc = Syscall.libc();
        if (libc.setns(targetFd, LibC.CLONE_NEWNET) < 0) {
            result.completeExceptionally(NativeException.of(Syscall.errno(), "setns into " + target, null));
            return;
        }
        try {
            result.complete(task.call());
        } catch (Throwable t) {
            result.completeExceptionally(t);
        } finally {
            if (libc.setns(home.fd(), LibC.CLONE_NEWNET) < 0) {
                int errno = Syscall.errno();
                LOG.error("cannot return thread {} from {} to its own namespace (errno {}): discarding the thread",
                        Thread.currentThread().getName(), target, errno);
                throw new StuckInNamespace(NativeException.of(errno, "setns back from " + target, null));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Exception> T await(CompletableFuture<T> result) throws E {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the task is already running; wait for it to finish
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw (E) cause; // NsTask.call() declares only E
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Thrown out of a pool thread's run loop so that the executor replaces the thread. */
    private static final class StuckInNamespace extends Error {
        StuckInNamespace(Throwable cause) {
            super(cause);
        }
    }

    private static final class PlatformThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "tether-netns-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> {
                if (!(e instanceof StuckInNamespace)) {
                    LOG.error("uncaught in {}", t.getName(), e);
                }
            });
            return thread;
        }
    }
}
