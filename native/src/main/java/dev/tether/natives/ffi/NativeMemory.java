package dev.tether.natives.ffi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.kenai.jffi.MemoryIO;

/**
 * Pointers for {@link NativeFunction} arguments. A buffer passed by address must stay reachable
 * until the call returns (see {@link java.lang.ref.Reference#reachabilityFence}).
 */
public final class NativeMemory {
    private static final MemoryIO MEMORY = MemoryIO.getInstance();

    private NativeMemory() {
    }

    /** The address of a direct buffer's position; 0 (NULL) for null. */
    public static long address(ByteBuffer buffer) {
        if (buffer == null) {
            return 0;
        }
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("only a direct buffer has an address");
        }
        return MEMORY.getDirectBufferAddress(buffer) + buffer.position();
    }

    /** A NUL-terminated UTF-8 copy of the string in a direct buffer; null for null. */
    public static ByteBuffer cString(String value) {
        if (value == null) {
            return null;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length + 1);
        buffer.put(bytes).put((byte) 0).flip();
        return buffer;
    }

    /** The NUL-terminated UTF-8 string at the address; null for a NULL pointer. */
    public static String readCString(long address) {
        if (address == 0) {
            return null;
        }
        return new String(MEMORY.getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }
}
