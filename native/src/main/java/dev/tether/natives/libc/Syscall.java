package dev.tether.natives.libc;

import dev.tether.natives.ffi.NativeFunction;
import dev.tether.natives.ffi.NativeLibrary;

/**
 * Loads libc once per process, on first use, and turns failed calls into {@link NativeException}s
 * carrying errno.
 */
public final class Syscall {
    private Syscall() {
    }

    /** glibc's soname. */
    private static final String LIBC_SONAME = "libc.so.6";

    private static final class Holder {
        static final LibC LIBC = new LibC(NativeLibrary.open(LIBC_SONAME));
    }

    public static LibC libc() {
        return Holder.LIBC;
    }

    /**
     * Loads libc and binds its functions (jffi's library, ~15 ms of an exec'd plugin), so that a
     * short-lived process can pay that on a thread of its own while it does other work.
     */
    public static void preload() {
        libc().close(-1); // EBADF: a first call through jffi's invoker, changing nothing
        errno();
    }

    /** errno of the last failed call made by this thread through {@link #libc()}. */
    public static int errno() {
        return NativeFunction.errno();
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
