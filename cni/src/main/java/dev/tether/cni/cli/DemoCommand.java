package dev.tether.cni.cli;

import dev.tether.cni.demo.Demo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tether demo}: connects two throw-away containers through a Tether bridge network and
 * shows them reaching each other (see {@link Demo}). Needs root; touches nothing of the machine's
 * own network, and removes everything it made, also on failure or Ctrl-C.
 */
@Command(name = "demo", description = {
    "Create two container namespaces, connect them to a Tether bridge network (tether-bridge +"
            + " tether-ipam) in a private host namespace, show their addresses and a ping and TCP"
            + " exchange between them, then remove everything. Needs root."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Demo demo = new Demo(out);
        Thread cleanup = new Thread(demo::close, "tether-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try (demo) {
            demo.run();
        } catch (RuntimeException e) {
            throw new CliException("the demo failed: " + e.getMessage()
                    + " (it needs root, network namespaces and nftables; everything it made was removed)", e);
        } finally {
            removeHook(cleanup);
        }
        return TetherCli.EXIT_OK;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) and cleans up
        }
    }
}
