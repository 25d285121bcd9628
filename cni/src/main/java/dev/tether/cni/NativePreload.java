package dev.tether.cni;

import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.plugins.portmap.PortMapPlugin;
import dev.tether.natives.libc.Syscall;
import dev.tether.natives.nft.Nftables;

/**
 * Loads jffi, libc and libnftables (with the libraries it links) on a background thread at the
 * start of an exec'd plugin JVM, for the types that call into the kernel; meanwhile the main
 * thread reads its input and parses its config (whose first parse initialises {@code BigDecimal},
 * ~25 ms on JDK 25), so on two cores the two overlap.
 * A failure is left for the main thread to meet and report as the plugin's error.
 */
final class NativePreload {
    private NativePreload() {}

    static void start(String type) {
        if (!type.equals(BridgePlugin.TYPE) && !type.equals(PortMapPlugin.TYPE)) {
            return;
        }
        Thread thread = new Thread(NativePreload::preload, "tether-preload");
        thread.setDaemon(true);
        thread.start();
    }

    private static void preload() {
        try {
            Syscall.preload();
            Nftables.preload();
        } catch (Throwable e) {
            // the main thread meets the same failure where it can report it
        }
    }
}
