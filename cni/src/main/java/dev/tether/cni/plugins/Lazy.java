package dev.tether.cni.plugins;

import java.util.Optional;
import java.util.function.Supplier;

/** A value made on first use, exactly once, whichever threads ask. */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> source;
    private volatile T value;

    private Lazy(Supplier<T> source) {
        this.source = source;
    }

    static <T> Lazy<T> of(Supplier<T> source) {
        return new Lazy<>(source);
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = source.get();
                    value = current;
                }
            }
        }
        return current;
    }

    /** The value if it was made. */
    Optional<T> made() {
        return Optional.ofNullable(value);
    }
}
