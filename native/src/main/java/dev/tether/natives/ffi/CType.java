package dev.tether.natives.ffi;

import com.kenai.jffi.Type;

/** The C types of the functions Tether calls, as an LP64 ABI passes them. */
public enum CType {
    VOID(Type.VOID),
    /** int */
    INT(Type.SINT),
    /** long, ssize_t, size_t (64-bit on every Linux Tether runs on) */
    LONG(Type.SLONG),
    /** any pointer: buffers, strings, opaque handles */
    POINTER(Type.POINTER);

    final Type jffi;

    CType(Type jffi) {
        this.jffi = jffi;
    }
}
