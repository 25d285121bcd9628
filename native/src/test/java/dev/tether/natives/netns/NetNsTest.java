package dev.tether.natives.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.tether.natives.ffi.CType.INT;
import static dev.tether.natives.ffi.CType.POINTER;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tether.natives.ffi.NativeFunction;
import dev.tether.natives.ffi.NativeLibrary;
import dev.tether.natives.ffi.NativeMemory;
import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.testing.Commands;
import dev.tether.natives.testing.TestNamespaces;

class NetNsTest {
    private final TestNamespaces namespaces = new TestNamespaces();

    @AfterEach
    void cleanUp() {
        namespaces.close();
    }

    @Test
    void createdNamespaceIsSeenByIproute2AndDeletedLikeIt() {
        NetNs ns = namespaces.create("ns");
        String name = namespaces.names().get(0);
        assertTrue(NetNs.exists(name));
        assertTrue(Commands.run("ip", "netns", "list").contains(name));
        assertTrue(Commands.run("ip", "-n", name, "-o", "link", "show").contains("lo"));
        try (NetNs again = NetNs.named(name); NetNs here = NetNs.current()) {
            assertTrue(again.isSameAs(ns));
            assertFalse(here.isSameAs(ns));
        }
        NetNs.delete(name);
        assertFalse(NetNs.exists(name));
        assertFalse(Commands.run("ip", "netns", "list").contains(name));
        assertThrows(NotFoundException.class, () -> NetNs.delete(name));
        assertThrows(NotFoundException.class, () -> NetNs.named(name));
    }

    @Test
    void nameTakenIsAlreadyExists() {
        namespaces.create("dup");
        String name = namespaces.names().get(0);
        AlreadyExistsException e = assertThrows(AlreadyExistsException.class, () -> NetNs.create(name));
        assertTrue(e.getMessage().startsWith("create network namespace " + name + ": File exists (EEXIST)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetNs.create("a/b"));
        assertThrows(IllegalArgumentException.class, () -> NetNs.create(".."));
    }

    @Test
    void opensProcessNamespacesByPath() {
        try (NetNs self = NetNs.open(Path.of("/proc/" + ProcessHandle.current().pid() + "/ns/net"));
             NetNs current = NetNs.current()) {
            assertTrue(self.isSameAs(current));
        }
        assertThrows(IllegalArgumentException.class, () -> NetNs.open(Path.of("/etc/hostname")));
    }

    @Test
    void callRunsInsideTheNamespaceAndReturnsThePoolThreadHome() throws IOException {
        NetNs ns = namespaces.create("call");
        String[] threadDir = new String[1];
        long inside = ns.call(() -> {
            threadDir[0] = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString(); // "PID/task/TID"
            try (NetNs current = NetNs.current()) {
                return current.inode();
            }
        });
        assertEquals(ns.inode(), inside);
        // The pool thread that ran the task is back in the process's namespace.
        long threadNow = (Long) Files.getAttribute(Path.of("/proc/" + threadDir[0] + "/ns/net"), "unix:ino");
        try (NetNs home = NetNs.open(Path.of("/proc/self/ns/net"))) {
            assertEquals(home.inode(), threadNow);
            assertNotEquals(ns.inode(), threadNow);
        }
    }

    @Test
    void aThreadThatCannotSwitchBackIsDiscarded() throws Exception {
        NetNs ns = namespaces.create("stuck");
        // capset(2), to make a pool thread unable to switch back
        NativeFunction capset = NativeLibrary.open("libc.so.6").function("capset", INT, POINTER, POINTER);
        String[] threadDir = new String[1];
        int result = ns.call(() -> {
            threadDir[0] = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            // Drop every capability of this thread only: setns back to the host will fail (EPERM).
            ByteBuffer header = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putInt(0x20080522).putInt(0);
            ByteBuffer data = ByteBuffer.allocateDirect(24);
            assertEquals(0, capset.callInt(NativeMemory.address(header.flip()), NativeMemory.address(data)));
            Reference.reachabilityFence(header);
            Reference.reachabilityFence(data);
            return 42;
        });
        assertEquals(42, result);
        Path thread = Path.of("/proc/" + threadDir[0]);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.exists(thread) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(Files.exists(thread), "the stuck thread must have ended");
        try (NetNs current = ns.call(NetNs::current)) {
            assertTrue(current.isSameAs(ns), "other threads still switch");
        }
    }

    @Test
    void callPassesTheTasksExceptionsThrough() {
        NetNs ns = namespaces.create("exc");
        IOException e = assertThrows(IOException.class, () -> ns.call(() -> {
            throw new IOException("from inside");
        }));
        assertEquals("from inside", e.getMessage());
        assertThrows(IllegalStateException.class, () -> ns.call(() -> {
            throw new IllegalStateException();
        }));
    }

    @Test
    void closedHandleIsRefused() {
        NetNs ns = namespaces.create("closed");
        ns.close();
        assertThrows(IllegalStateException.class, ns::fd);
        assertThrows(IllegalStateException.class, () -> ns.call(() -> 1));
    }
}
