package dev.tether.cni.skel;

import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.RecordingPlugin;

/** A plugin main for the exec'd-process test: one line, as every plugin main will be. */
public final class ExecTestPlugin {
    private ExecTestPlugin() {}

    public static void main(String[] args) {
        PluginMain.run(new RecordingPlugin("tt-exec", request -> {
            System.out.println("stray println"); // must not corrupt the result
            return Fixtures.sampleResult();
        }));
    }
}
