package dev.tether.cni.plugins.ipam;

import dev.tether.cni.daemon.DaemonForwarding;
import dev.tether.cni.skel.PluginRunner;

/** The {@code tether-ipam} executable: the daemon's if one answers, else in this process. */
public final class IpamMain {
    private IpamMain() {}

    public static void main(String[] args) {
        DaemonForwarding.main(IpamPlugin.TYPE, () -> new PluginRunner(IpamPlugin.embedded()));
    }
}
