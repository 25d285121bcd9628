package dev.tether.cni;

import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.plugins.ipam.IpamPlugin;
import dev.tether.cni.plugins.portmap.PortMapPlugin;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.natives.libc.Syscall;
import dev.tether.natives.nft.Nftables;
import java.net.InetAddress;
import java.util.List;

/**
 * One-time set-up that an exec'd plugin JVM will need, done on a background thread from its
 * start, in the order the call needs it: InetAddress (the config's addresses; its class init
 * reads the runtime's security properties), jffi and libc (the namespaces and netlink), MapDB's
 * constants ({@link EmbeddedStoreAccess#preload}), libnftables with the libraries it links (the
 * firewall comes last in an ADD). Meanwhile the main thread reads its input and parses
 * its config (whose first parse initialises {@code BigDecimal}, ~15 ms on JDK 25); when it gets to
 * a class this thread is still setting up, it waits for it rather than doing it twice. A failure
 * is left for the main thread to meet and report as the plugin's error. Public for the build's
 * training run of the class-data archive, which goes through it too.
 */
public final class BackgroundPreload {
    private BackgroundPreload() {}

    /** Starts the preload for a plugin of this type, if it is one of Tether's. */
    public static void start(String type) {
        List<Runnable> steps = steps(type);
        if (steps.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> run(steps), "tether-preload");
        thread.setDaemon(true);
        thread.start();
    }

    private static List<Runnable> steps(String type) {
        return switch (type) {
            case BridgePlugin.TYPE -> List.of(InetAddress::getLoopbackAddress, Syscall::preload, EmbeddedStoreAccess::preload,
                    Nftables::preload);
            case PortMapPlugin.TYPE -> List.of(InetAddress::getLoopbackAddress, Syscall::preload, Nftables::preload);
            case IpamPlugin.TYPE -> List.of(InetAddress::getLoopbackAddress, EmbeddedStoreAccess::preload);
            default -> List.of();
        };
    }

    private static void run(List<Runnable> steps) {
        try {
            steps.forEach(Runnable::run);
        } catch (Throwable e) {
            // the main thread meets the same failure where it can report it
        }
    }
}
