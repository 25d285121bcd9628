package dev.tether.cni;

import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.plugins.ipam.IpamPlugin;
import dev.tether.cni.plugins.portmap.PortMapPlugin;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.natives.libc.Syscall;
import dev.tether.natives.nft.Nftables;
import java.net.InetAddress;

/**
 * One-time set-up that an exec'd plugin JVM will need, done on a background thread from its
 * start: for the types that call into the kernel, loading jffi, libc and libnftables (with the
 * libraries it links); for those and tether-ipam, initialising {@code InetAddress} (which reads the runtime's security
 * properties) and MapDB's constants (whose lz4 lookup makes the JVM read the jar's index).
 * Meanwhile the main thread reads its input and parses its config (whose first parse initialises
 * {@code BigDecimal}, ~15 ms on JDK 25), so on two cores the two overlap; when the main thread gets
 * to a class this thread is still setting up, it waits for it rather than doing it twice.
 * A failure is left for the main thread to meet and report as the plugin's error. Public for the
 * build's training run of the class-data archive, which goes through it too.
 */
public final class BackgroundPreload {
    private BackgroundPreload() {}

    /** Starts the preload for a plugin of this type, if it is one of Tether's. */
    public static void start(String type) {
        boolean kernel = type.equals(BridgePlugin.TYPE) || type.equals(PortMapPlugin.TYPE);
        if (!kernel && !type.equals(IpamPlugin.TYPE)) {
            return;
        }
        Thread thread = new Thread(() -> preload(kernel), "tether-preload");
        thread.setDaemon(true);
        thread.start();
    }

    private static void preload(boolean kernel) {
        try {
            if (kernel) {
                Syscall.preload();
                Nftables.preload();
            }
            InetAddress.getLoopbackAddress();
            EmbeddedStoreAccess.preload();
        } catch (Throwable e) {
            // the main thread meets the same failure where it can report it
        }
    }
}
