package dev.tether.natives.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.tether.natives.nft.Nftables;

/** The preloads bind functions by calls that change nothing: no descriptor is left open. */
class SyscallPreloadTest {
    /** Tries of a count: other threads of the test JVM open and close descriptors of their own meanwhile. */
    private static final int TRIES = 5;

    @Test
    void libcPreloadLeavesNoDescriptorAndItsCallsFail() throws IOException {
        Syscall.preload(); // the first call may open the JVM's own files (classes, jffi's library)
        assertNoDescriptorLeft(Syscall::preload);
        Syscall.preload();
        assertEquals(Errno.EBADF, Syscall.errno(), "the last call, close(-1), failed on this thread");
    }

    @Test
    void nftablesPreloadLeavesNoDescriptor() throws IOException {
        Nftables.preload();
        assertNoDescriptorLeft(Nftables::preload);
    }

    /**
     * The process's descriptors are as many after {@code preload} as before it, in one of a few
     * tries: one that leaks a descriptor per call fails every try.
     */
    private static void assertNoDescriptorLeft(Runnable preload) throws IOException {
        long before = 0;
        long after = 0;
        for (int i = 0; i < TRIES; i++) {
            before = openDescriptors();
            preload.run();
            after = openDescriptors();
            if (after == before) {
                return;
            }
        }
        assertEquals(before, after, "descriptors before and after the preload, in each of " + TRIES + " tries");
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
