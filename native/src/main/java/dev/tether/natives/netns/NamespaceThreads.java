package dev.tether.natives.netns;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tether.natives.libc.LibC;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.Syscall;

/**
 * Platform threads that run tasks inside a namespace. setns() changes only the calling OS thread,
 * so each task switches its thread into the target namespace and back to the process's own
 * namespace afterwards. A thread that cannot switch back ends, and nothing is ever spawned from
 * it (a new thread inherits its creator's namespace and credentials): new threads are started by
 * the caller. Callers may be any thread, virtual ones included: they only wait.
 */
final class NamespaceThreads {
    /** The logger, made on first use: an exec'd plugin that logs nothing never starts slf4j (~5 ms). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(NamespaceThreads.class);
    }
    private static final long IDLE_SECONDS = 30;

    private static final class Holder {
        static final NamespaceThreads INSTANCE = new NamespaceThreads();
    }

    /** The process's own namespace (the thread group leader's, which never switches). */
    private final NetNs home = NetNs.open(Path.of("/proc/self/ns/net"));
    private final Deque<Worker> idle = new ArrayDeque<>();
    private final AtomicInteger started = new AtomicInteger();

    static NamespaceThreads instance() {
        return Holder.INSTANCE;
    }

    <T, E extends Exception> T call(NetNs target, NsTask<T, E> task) throws E {
        CompletableFuture<T> result = new CompletableFuture<>();
        int targetFd = target.fd();
        worker().hand(() -> runInside(target, targetFd, task, result));
        return await(result);
    }

    /** An idle worker, or a new one started by (and so inheriting the namespace of) the caller. */
    private Worker worker() {
        synchronized (idle) {
            Worker worker = idle.pollFirst();
            if (worker != null) {
                return worker;
            }
        }
        Worker worker = new Worker();
        Thread thread = new Thread(worker, "tether-netns-" + started.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        return worker;
    }

    /**
     * Runs the task in the target namespace and switches back before handing over the outcome;
     * returns false if the thread could not switch back.
     */
    private <T> boolean runInside(NetNs target, int targetFd, NsTask<T, ?> task, CompletableFuture<T> result) {
        LibC libc = Syscall.libc();
        if (libc.setns(targetFd, LibC.CLONE_NEWNET) < 0) {
            result.completeExceptionally(NativeException.of(Syscall.errno(), "setns into " + target, null));
            return true;
        }
        T value = null;
        Throwable failure = null;
        try {
            value = task.call();
        } catch (Throwable t) {
            failure = t;
        }
        boolean back = libc.setns(home.fd(), LibC.CLONE_NEWNET) == 0;
        if (!back) {
            Log.LOG.error("cannot return thread {} from {} to its own namespace ({}): the thread ends",
                    Thread.currentThread().getName(), target, NativeException.of(Syscall.errno(), "setns", null).getMessage());
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(value);
        }
        return back;
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Exception> T await(CompletableFuture<T> result) throws E {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the task is running already; wait for it to finish
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

    /** One pool thread: takes jobs handed to it, returns to the idle list after each, ends when idle too long. */
    private final class Worker implements Runnable {
        private final SynchronousQueue<BooleanSupplier> inbox = new SynchronousQueue<>();

        /** Hands a job to this worker, which the caller took from the idle list or just started. */
        void hand(BooleanSupplier job) {
            boolean interrupted = false;
            while (true) {
                try {
                    inbox.put(job);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            while (true) {
                BooleanSupplier job;
                try {
                    job = inbox.poll(IDLE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    job = null;
                }
                if (job == null) {
                    synchronized (idle) {
                        if (idle.remove(this)) {
                            return; // nobody has taken this worker: safe to end
                        }
                    }
                    continue; // a caller took this worker and is about to hand it a job
                }
                if (!job.getAsBoolean()) {
                    return; // stuck in a namespace: end without spawning anything
                }
                synchronized (idle) {
                    idle.addFirst(this);
                }
            }
        }
    }
}
