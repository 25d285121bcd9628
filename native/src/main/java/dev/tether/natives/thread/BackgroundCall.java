package dev.tether.natives.thread;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * A call that runs on a new thread of its own (which dies afterwards) while its caller goes on:
 * steps of one plugin call that do not depend on each other (the IPAM delegate beside
 * tether-bridge's kernel work), or work that leaves its thread in another namespace (creating a
 * named one). {@link #join} waits for it and gives its result or throws what it threw, unchanged.
 */
public final class BackgroundCall<T> {
    private final Thread thread;
    private T result;
    private Throwable failure;

    private BackgroundCall(String name, Supplier<T> work) {
        thread = new Thread(() -> {
            try {
                result = work.get();
            } catch (Throwable t) {
                failure = t;
            }
        }, name);
        thread.setDaemon(true);
    }

    /** Starts {@code work} on a new daemon thread named {@code name}. */
    public static <T> BackgroundCall<T> start(String name, Supplier<T> work) {
        BackgroundCall<T> call = new BackgroundCall<>(name, work);
        call.thread.start();
        return call;
    }

    /** Waits for the call (not cut short by an interrupt) and returns its result or rethrows its failure. */
    public T join() {
        awaitEnd();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure); // a Supplier throws no checked exception but by sneaky code
        }
        return result;
    }

    /** Waits for the call and returns its result, or empty if it failed. */
    public Optional<T> joinQuietly() {
        awaitEnd();
        return failure == null ? Optional.ofNullable(result) : Optional.empty();
    }

    /** Thread.join gives the caller a happens-before edge on the fields the thread wrote. */
    private void awaitEnd() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
