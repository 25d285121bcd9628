package dev.tether.cni.net;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling a condition the kernel reaches asynchronously (DAD, carrier), with a deadline instead of fixed sleeps. */
public final class Deadline {
    private static final long FIRST_PAUSE_MILLIS = 1;
    private static final long MAX_PAUSE_MILLIS = 50;

    private Deadline() {}

    /**
     * Checks the condition at once, then after pauses growing from 1 to 50 ms, until it holds or
     * the timeout passes.
     *
     * @return whether it held
     */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
            pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
        }
    }
}
