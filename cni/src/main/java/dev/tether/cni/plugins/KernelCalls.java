package dev.tether.cni.plugins;

import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.natives.libc.NativeException;
import java.util.function.Supplier;

/** Plugin work that talks to the kernel: a refusal of the kernel or libnftables becomes an error object naming the operation. */
public final class KernelCalls {
    private KernelCalls() {}

    /** @throws CniException code 999 with the native layer's message (which names the operation), instead of a stack trace */
    public static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (NativeException e) {
            throw new CniException(ErrorCode.INTERNAL, e.getMessage(), "", e);
        }
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
