package dev.tether.natives.ffi;

import static dev.tether.natives.ffi.CType.INT;
import static dev.tether.natives.ffi.CType.LONG;
import static dev.tether.natives.ffi.CType.POINTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.tether.natives.libc.Errno;

/** Calls into the real libc through the binding. */
class NativeFunctionTest {
    private static final NativeLibrary LIBC = NativeLibrary.open("libc.so.6");

    @Test
    void passesIntsAndReturnsNegativeResults() {
        NativeFunction abs = LIBC.function("abs", INT, INT);
        assertEquals(42, abs.callInt(-42));
        NativeFunction labs = LIBC.function("labs", LONG, LONG);
        assertEquals(1L << 40, labs.call(-(1L << 40)));
        NativeFunction close = LIBC.function("close", INT, INT);
        assertEquals(-1, close.callInt(-1));
    }

    @Test
    void savesErrnoPerCall() {
        NativeFunction close = LIBC.function("close", INT, INT);
        NativeFunction open = LIBC.function("open", INT, POINTER, INT, INT);
        assertEquals(-1, close.callInt(-1));
        assertEquals(Errno.EBADF, NativeFunction.errno());
        ByteBuffer path = NativeMemory.cString("/nonexistent/tether-ffi-test");
        assertEquals(-1, open.callInt(NativeMemory.address(path), 0, 0));
        assertEquals(Errno.ENOENT, NativeFunction.errno());
    }

    @Test
    void passesBuffersAtTheirPositionAndReadsStrings() {
        NativeFunction strlen = LIBC.function("strlen", LONG, POINTER);
        ByteBuffer text = NativeMemory.cString("héllo");
        assertEquals(6, strlen.call(NativeMemory.address(text)));
        text.position(2);
        assertEquals(4, strlen.call(NativeMemory.address(text)));
        NativeFunction strrchr = LIBC.function("strrchr", POINTER, POINTER, INT);
        ByteBuffer path = NativeMemory.cString("/run/tether/tether.sock");
        assertEquals("/tether.sock", NativeMemory.readCString(strrchr.call(NativeMemory.address(path), '/')));
        assertNull(NativeMemory.readCString(strrchr.call(NativeMemory.address(path), 'x')));
        assertEquals(0, NativeMemory.address(null));
        assertNull(NativeMemory.cString(null));
    }

    @Test
    void refusesWhatCannotBeCalled() {
        NativeFunction abs = LIBC.function("abs", INT, INT);
        assertThrows(IllegalArgumentException.class, () -> abs.call(1, 2));
        assertThrows(IllegalArgumentException.class, () -> NativeMemory.address(ByteBuffer.allocate(4)));
        UnsatisfiedLinkError noSymbol = assertThrows(UnsatisfiedLinkError.class,
                () -> LIBC.function("tether_no_such_function", INT));
        assertTrue(noSymbol.getMessage().contains("tether_no_such_function"), noSymbol.getMessage());
        assertThrows(UnsatisfiedLinkError.class, () -> NativeLibrary.open("libtether-none.so.9"));
    }

    @Test
    void cStringIsNulTerminatedUtf8() {
        ByteBuffer c = NativeMemory.cString("ä");
        byte[] bytes = new byte[c.remaining()];
        c.duplicate().get(bytes);
        assertEquals(3, bytes.length);
        assertEquals("ä", new String(bytes, 0, 2, StandardCharsets.UTF_8));
        assertEquals(0, bytes[2]);
        assertTrue(c.isDirect());
    }
}
