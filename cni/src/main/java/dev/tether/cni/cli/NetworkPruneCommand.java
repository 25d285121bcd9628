package dev.tether.cni.cli;

import dev.tether.cni.network.NetworkEnvironment;
import dev.tether.cni.network.Remover;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tether network prune}: removes every network Tether created that has no container. */
@Command(name = "prune", description = "Remove every network created by 'tether network create' that has no container"
        + " (hand-written conflists are listed by 'ls' but never removed). Prints the names removed.")
final class NetworkPruneCommand extends NetworkSubcommand {
    @Option(names = {"-f", "--force"}, description = "Accepted for Docker's sake: tether never asks for confirmation.")
    boolean force;

    @Override
    void run(NetworkEnvironment env, PrintWriter out) {
        for (Remover.Removal removal : new Remover(env, pluginStderr).prune()) {
            removal.problems().forEach(this::warn);
            out.println(removal.network());
        }
    }
}
