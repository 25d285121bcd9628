package dev.tether.natives.netlink;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;

/** The error for bytes from the kernel that do not parse: EBADMSG with what was wrong. */
final class Malformed {
    private Malformed() {
    }

    static NativeException error(String what) {
        return NativeException.of(Errno.EBADMSG, "parse netlink reply", what);
    }
}
