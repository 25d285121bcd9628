package dev.tether.natives.libc;

/** The object does not exist (ENOENT, ESRCH, ENXIO, ENODEV; "no such device" from netlink). */
public final class NotFoundException extends NativeException {
    public NotFoundException(int errno, String operation, String detail) {
        super(errno, operation, detail);
    }
}
