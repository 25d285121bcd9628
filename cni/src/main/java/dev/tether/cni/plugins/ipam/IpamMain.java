package dev.tether.cni.plugins.ipam;

import dev.tether.cni.daemon.DaemonForwarding;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.skel.PluginMain;
import dev.tether.cni.skel.PluginRunner;

/** The {@code tether-ipam} executable: the daemon's if one answers, else in this process. */
public final class IpamMain {
    private IpamMain() {}

    public static void main(String[] args) {
        PluginMain.run(handler());
    }

    /** What the executable runs for one call. */
    public static PluginHandler handler() {
        return new DaemonForwarding(IpamPlugin.TYPE, () -> new PluginRunner(IpamPlugin.embedded()));
    }
}
