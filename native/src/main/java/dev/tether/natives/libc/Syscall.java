package dev.tether.natives.libc;

import java.nio.ByteBuffer;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;

/**
 * Loads libc once per process, on first use (jnr-ffi start-up is costly), and turns failed calls
 * into {@link NativeException}s carrying errno.
 */
public final class Syscall {
    private Syscall() {
    }

    /**
     * glibc's soname: dlopen finds it at once, where the short name "c" makes jnr-ffi list and
     * pattern-match every file of every library directory first (~15 ms of an exec'd plugin).
     */
    private static final String LIBC_SONAME = "libc.so.6";

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load(LIBC_SONAME);
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    public static LibC libc() {
        return Holder.LIBC;
    }

    /**
     * Loads libc and binds the calls a plugin makes (open, sockets, netlink I/O, setns), so that a
     * short-lived process can pay jnr-ffi's reflective binding (~40 ms: type mappers, one proxy
     * class per annotation) on a thread of its own while it does other work. Each call is made on
     * fd -1 or an empty path and fails (EBADF, ENOENT, EAFNOSUPPORT): nothing changes.
     */
    public static void preload() {
        LibC libc = libc();
        ByteBuffer buffer = ByteBuffer.allocateDirect(16);
        IntByReference length = new IntByReference(0);
        libc.open("", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        libc.socket(-1, -1, -1);
        libc.setsockopt(-1, LibC.SOL_NETLINK, 0, length, 4);
        libc.bind(-1, buffer, 0);
        libc.getsockname(-1, buffer, length);
        libc.sendto(-1, buffer, 0, 0, buffer, 0);
        libc.recvfrom(-1, buffer, 0, 0, buffer, length);
        libc.read(-1, buffer, 0);
        libc.write(-1, buffer, 0);
        libc.setns(-1, LibC.CLONE_NEWNET);
        libc.close(-1);
        errno();
    }

    /** errno of the last failed call made by this thread through {@link #libc()}. */
    public static int errno() {
        return LastError.getLastError(Holder.RUNTIME);
    }

    /** Returns rc, or throws the exception for errno if rc is negative. */
    public static int check(int rc, String operation) {
        if (rc < 0) {
            throw NativeException.of(errno(), operation, null);
        }
        return rc;
    }

    /** Returns rc, or throws the exception for errno if rc is negative. */
    public static long check(long rc, String operation) {
        if (rc < 0) {
            throw NativeException.of(errno(), operation, null);
        }
        return rc;
    }

    /** Closes fd, ignoring errors: used on paths that are already failing or tearing down. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            libc().close(fd);
        }
    }
}
