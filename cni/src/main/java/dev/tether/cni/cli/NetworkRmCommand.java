package dev.tether.cni.cli;

import dev.tether.cni.network.NetworkEnvironment;
import dev.tether.cni.network.Remover;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tether network rm NAME...}: removes networks Tether created, with their bridge, rules and leases. */
@Command(name = "rm", aliases = "remove", description = "Remove networks created by 'tether network create': the bridge,"
        + " its firewall rules, its leases and the conflist. Refused while containers are attached, unless --force"
        + " (which disconnects them first). Hand-written conflists are never removed.")
final class NetworkRmCommand extends NetworkSubcommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Networks to remove.")
    List<String> names = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Disconnect attached containers first.")
    boolean force;

    @Override
    void run(NetworkEnvironment env, PrintWriter out) {
        for (Remover.Removal removal : new Remover(env, pluginStderr).remove(names, force)) {
            removal.problems().forEach(this::warn);
            out.println(removal.network());
        }
    }
}
