package dev.tether.natives.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BackgroundCallTest {

    @Test
    void runsOnItsOwnThreadWhileTheCallerGoesOn() throws InterruptedException {
        CountDownLatch callerWorked = new CountDownLatch(1);
        BackgroundCall<String> call = BackgroundCall.start("tt-call", () -> {
            try {
                callerWorked.await(); // only ends once the caller has gone on past start()
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Thread.currentThread().getName();
        });
        callerWorked.countDown();
        assertEquals("tt-call", call.join());
        assertNotEquals("tt-call", Thread.currentThread().getName());
    }

    @Test
    void joinRethrowsTheCallsFailureUnchanged() {
        IllegalStateException failure = new IllegalStateException("no addresses");
        BackgroundCall<String> call = BackgroundCall.start("tt-call", () -> {
            throw failure;
        });
        assertSame(failure, assertThrows(IllegalStateException.class, call::join));
        assertEquals(Optional.empty(), call.joinQuietly());
    }

    @Test
    void joinIsNotCutShortByAnInterrupt() {
        BackgroundCall<Integer> call = BackgroundCall.start("tt-call", () -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return 42;
        });
        Thread.currentThread().interrupt();
        try {
            assertEquals(Optional.of(42), call.joinQuietly());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }
}
