package dev.tether.cni.plugins.portmap;

import dev.tether.cni.PluginLauncher;

/** The tether-portmap executable. */
public final class PortMapMain {
    private PortMapMain() {}

    public static void main(String[] args) {
        PluginLauncher.main(new String[] {PortMapPlugin.TYPE});
    }
}
