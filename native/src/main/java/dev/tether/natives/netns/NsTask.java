package dev.tether.natives.netns;

/** Work to run inside a network namespace; may throw a checked exception of type E. */
@FunctionalInterface
public interface NsTask<T, E extends Exception> {
    T call() throws E;
}
