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

    @Test
    void libcPreloadLeavesNoDescriptorAndItsCallsFail() throws IOException {
        Syscall.preload(); // the first call may open the JVM's own files (classes, jffi's library)
        long before = openDescriptors();
        Syscall.preload();
        assertEquals(Errno.EBADF, Syscall.errno(), "the last call, close(-1), failed on this thread");
        assertEquals(before, openDescriptors());
    }

    @Test
    void nftablesPreloadLeavesNoDescriptor() throws IOException {
        Nftables.preload();
        long before = openDescriptors();
        Nftables.preload();
        assertEquals(before, openDescriptors());
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
