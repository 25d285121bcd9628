package dev.tether.natives.libc;

/** The object already exists (EEXIST). */
public final class AlreadyExistsException extends NativeException {
    public AlreadyExistsException(int errno, String operation, String detail) {
        super(errno, operation, detail);
    }
}
