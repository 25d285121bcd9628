package dev.tether.natives.libc;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

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
