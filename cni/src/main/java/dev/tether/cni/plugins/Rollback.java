package dev.tether.cni.plugins;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo steps of an ADD in progress: each step that changed something registers how to undo
 * it; if the ADD fails, {@link #run} undoes them in reverse order. An undo that fails is reported
 * on the call's stderr and the others still run: the original failure is what the caller sees.
 */
public final class Rollback {
    /** One undo action. */
    @FunctionalInterface
    public interface Undo {
        void run() throws Exception;
    }

    private record Step(String what, Undo undo) {}

    private final Deque<Step> steps = new ArrayDeque<>();
    private final PrintStream log;

    public Rollback(PrintStream log) {
        this.log = log;
    }

    public void add(String what, Undo undo) {
        steps.push(new Step(what, undo));
    }

    /** Undoes every registered step, newest first; afterwards there is nothing left to undo. */
    public void run() {
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.undo().run();
            } catch (Exception | LinkageError e) {
                log.println("cleanup after failed ADD: cannot " + step.what() + ": " + e.getMessage());
            }
        }
    }
}
