package dev.tether.cni.plugins.bridge;

import dev.tether.cni.PluginLauncher;

/** The tether-bridge executable. */
public final class BridgeMain {
    private BridgeMain() {}

    public static void main(String[] args) {
        PluginLauncher.main(new String[] {BridgePlugin.TYPE});
    }
}
