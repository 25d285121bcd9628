package dev.tether.natives.nft;

import dev.tether.natives.ffi.NativeLibrary;
import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.netns.NetNs;

/**
 * Runs nftables scripts (the nft command language) inside a network namespace through
 * libnftables, and returns what nft would print. A failure is a {@link NativeException} whose detail
 * is libnftables' error text; when that text names a system error (e.g. "No such file or directory"
 * for a missing table) the exception carries that errno and subtype, so deleting something already
 * gone, or listing a table that does not exist, is a {@link dev.tether.natives.libc.NotFoundException}; other errors (syntax, semantics)
 * carry EINVAL.
 *
 * <p>libnftables does not promise thread safety, so calls are serialized process-wide.
 */
public final class Nftables {
    private static final String LIBRARY = "libnftables.so.1";
    private static final String PROCESS_ERROR = "Could not process rule: ";
    private static final String LOOKUP_ERROR = "Error: ";

    private Nftables() {
    }

    private static final class Holder {
        static final LibNftables LIB = new LibNftables(NativeLibrary.open(LIBRARY));
    }

    /**
     * Loads libnftables (and the libraries it needs) now rather than on the first script, and
     * makes and frees a context without running anything.
     */
    public static void preload() {
        synchronized (Nftables.class) {
            LibNftables lib = Holder.LIB;
            long ctx = lib.nft_ctx_new(LibNftables.NFT_CTX_DEFAULT);
            if (ctx != 0) {
                lib.nft_ctx_free(ctx);
            }
        }
    }

    /** Runs the script in the namespace and returns its text output (empty for most changes). */
    public static String run(NetNs namespace, String script) {
        return run(namespace, script, 0);
    }

    /** Runs the script with JSON output (e.g. "list table inet filter") and returns the JSON text. */
    public static String runJson(NetNs namespace, String script) {
        return run(namespace, script, LibNftables.NFT_CTX_OUTPUT_JSON);
    }

    private static String run(NetNs namespace, String script, int outputFlags) {
        return namespace.call(() -> {
            synchronized (Nftables.class) {
                return runHere(script, outputFlags);
            }
        });
    }

    /** Runs in the calling thread's namespace, with a fresh context so no state leaks between calls. */
    private static String runHere(String script, int outputFlags) {
        LibNftables lib = Holder.LIB;
        long ctx = lib.nft_ctx_new(LibNftables.NFT_CTX_DEFAULT);
        if (ctx == 0) {
            throw new NativeException(Errno.ENOMEM, "nft_ctx_new", "libnftables could not create a context");
        }
        try {
            if (lib.nft_ctx_buffer_output(ctx) != 0 || lib.nft_ctx_buffer_error(ctx) != 0) {
                throw new NativeException(Errno.EINVAL, "nft_ctx_buffer_output", "libnftables could not buffer output");
            }
            lib.nft_ctx_output_set_flags(ctx, lib.nft_ctx_output_get_flags(ctx) | outputFlags);
            int rc = lib.nft_run_cmd_from_buffer(ctx, script);
            String output = nullToEmpty(lib.nft_ctx_get_output_buffer(ctx));
            if (rc != 0) {
                String error = nullToEmpty(lib.nft_ctx_get_error_buffer(ctx)).strip();
                throw NativeException.of(errnoOf(error), "nft " + firstLine(script), error);
            }
            return output;
        } finally {
            lib.nft_ctx_free(ctx);
        }
    }

    /**
     * The errno whose message follows "Could not process rule: " (a change the kernel refused) or
     * "Error: " (a lookup, e.g. listing a missing table) in the error text, else EINVAL.
     */
    static int errnoOf(String error) {
        for (String marker : new String[] {PROCESS_ERROR, LOOKUP_ERROR}) {
            int at = error.indexOf(marker);
            if (at < 0) {
                continue;
            }
            String rest = error.substring(at + marker.length());
            int end = rest.indexOf('\n');
            int errno = Errno.fromMessage(end >= 0 ? rest.substring(0, end).strip() : rest.strip());
            if (errno > 0) {
                return errno;
            }
        }
        return Errno.EINVAL;
    }

    private static String firstLine(String script) {
        String trimmed = script.strip();
        int end = trimmed.indexOf('\n');
        return end < 0 ? trimmed : trimmed.substring(0, end) + " ...";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
