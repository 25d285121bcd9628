package dev.tether.natives.nft;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;

import dev.tether.natives.ffi.NativeFunction;
import dev.tether.natives.ffi.NativeLibrary;

import static dev.tether.natives.ffi.CType.INT;
import static dev.tether.natives.ffi.CType.POINTER;
import static dev.tether.natives.ffi.CType.VOID;
import static dev.tether.natives.ffi.NativeMemory.address;
import static dev.tether.natives.ffi.NativeMemory.cString;
import static dev.tether.natives.ffi.NativeMemory.readCString;

/**
 * The libnftables.so.1 functions Tether calls (see libnftables(3)), each bound once. A context is
 * the address of libnftables' struct nft_ctx; 0 is NULL.
 */
final class LibNftables {
    static final int NFT_CTX_DEFAULT = 0;
    static final int NFT_CTX_OUTPUT_JSON = 1 << 4;

    private final NativeFunction ctxNew;
    private final NativeFunction ctxFree;
    private final NativeFunction bufferOutput;
    private final NativeFunction bufferError;
    private final NativeFunction getOutputBuffer;
    private final NativeFunction getErrorBuffer;
    private final NativeFunction outputGetFlags;
    private final NativeFunction outputSetFlags;
    private final NativeFunction runCmdFromBuffer;

    LibNftables(NativeLibrary library) {
        ctxNew = library.function("nft_ctx_new", POINTER, INT);
        ctxFree = library.function("nft_ctx_free", VOID, POINTER);
        bufferOutput = library.function("nft_ctx_buffer_output", INT, POINTER);
        bufferError = library.function("nft_ctx_buffer_error", INT, POINTER);
        getOutputBuffer = library.function("nft_ctx_get_output_buffer", POINTER, POINTER);
        getErrorBuffer = library.function("nft_ctx_get_error_buffer", POINTER, POINTER);
        outputGetFlags = library.function("nft_ctx_output_get_flags", INT, POINTER);
        outputSetFlags = library.function("nft_ctx_output_set_flags", VOID, POINTER, INT);
        runCmdFromBuffer = library.function("nft_run_cmd_from_buffer", INT, POINTER, POINTER);
    }

    long nft_ctx_new(int flags) {
        return ctxNew.call(flags);
    }

    void nft_ctx_free(long ctx) {
        ctxFree.call(ctx);
    }

    int nft_ctx_buffer_output(long ctx) {
        return bufferOutput.callInt(ctx);
    }

    int nft_ctx_buffer_error(long ctx) {
        return bufferError.callInt(ctx);
    }

    String nft_ctx_get_output_buffer(long ctx) {
        return readCString(getOutputBuffer.call(ctx));
    }

    String nft_ctx_get_error_buffer(long ctx) {
        return readCString(getErrorBuffer.call(ctx));
    }

    int nft_ctx_output_get_flags(long ctx) {
        return outputGetFlags.callInt(ctx);
    }

    void nft_ctx_output_set_flags(long ctx, int flags) {
        outputSetFlags.call(ctx, flags);
    }

    int nft_run_cmd_from_buffer(long ctx, String buffer) {
        ByteBuffer script = cString(buffer);
        try {
            return runCmdFromBuffer.callInt(ctx, address(script));
        } finally {
            Reference.reachabilityFence(script);
        }
    }
}
