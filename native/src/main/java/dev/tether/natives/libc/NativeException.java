package dev.tether.natives.libc;

import java.util.Optional;

/**
 * A failed system call, netlink request or native library call: carries the errno, the operation
 * that failed and, when there is one, the detail the kernel or library gave (netlink extended ack
 * text, libnftables error text). The subtypes are the cases callers branch on, so that an
 * idempotent delete is a type check rather than string matching.
 */
public sealed class NativeException extends RuntimeException permits NotFoundException, AlreadyExistsException {
    private final int errno;
    private final String operation;
    private final String detail;

    public NativeException(int errno, String operation, String detail) {
        super(format(errno, operation, detail));
        this.errno = errno;
        this.operation = operation;
        this.detail = detail == null || detail.isBlank() ? null : detail;
    }

    /** The exception of the right subtype for this errno. */
    public static NativeException of(int errno, String operation, String detail) {
        return switch (errno) {
            case Errno.ENOENT, Errno.ESRCH, Errno.ENXIO, Errno.ENODEV -> new NotFoundException(errno, operation, detail);
            case Errno.EEXIST -> new AlreadyExistsException(errno, operation, detail);
            default -> new NativeException(errno, operation, detail);
        };
    }

    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. "EEXIST". */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** What was being done, e.g. "RTM_NEWLINK veth tt0". */
    public String operation() {
        return operation;
    }

    /** The kernel's extended-ack message or the library's error text, if any. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    private static String format(int errno, String operation, String detail) {
        String text = operation + ": " + Errno.message(errno) + " (" + Errno.name(errno) + ")";
        return detail == null || detail.isBlank() ? text : text + ": " + detail.strip();
    }
}
