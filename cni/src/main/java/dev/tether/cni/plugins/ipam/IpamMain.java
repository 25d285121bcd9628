package dev.tether.cni.plugins.ipam;

import dev.tether.cni.PluginLauncher;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.skel.PluginMain;

/** The {@code tether-ipam} executable: the daemon's if one answers, else in this process. */
public final class IpamMain {
    private IpamMain() {}

    public static void main(String[] args) {
        PluginMain.run(handler());
    }

    /** What the executable runs for one call. */
    public static PluginHandler handler() {
        return PluginLauncher.forwarding(PluginRegistry.standard(), IpamPlugin.TYPE);
    }
}
