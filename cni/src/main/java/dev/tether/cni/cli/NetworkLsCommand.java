package dev.tether.cni.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tether.cni.network.ConfigDir;
import dev.tether.cni.network.Endpoint;
import dev.tether.cni.network.Endpoints;
import dev.tether.cni.network.Network;
import dev.tether.cni.network.NetworkEnvironment;
import dev.tether.cni.network.NetworkFilter;
import dev.tether.cni.network.NetworkViews;
import dev.tether.cni.network.Subnet;
import dev.tether.cni.spec.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code tether network ls}: every network of the config directory, Tether's and hand-written ones. */
@Command(name = "ls", aliases = "list", description = "List the networks of the config directory (those written by hand"
        + " too), sorted by name: name, ID, driver (the first plugin's type for hand-written ones), bridge, subnets,"
        + " containers.")
final class NetworkLsCommand extends NetworkSubcommand {
    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
            description = "Only matching networks: name=PART, id=START, driver=TYPE, label=KEY[=VALUE], dangling=true|false.")
    List<String> filters = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print names only.")
    boolean quiet;

    @Override
    void run(NetworkEnvironment env, PrintWriter out) {
        if (json && quiet) {
            throw new ParameterException(spec.commandLine(), "--json and -q exclude each other: -q prints names only,"
                    + " --json everything");
        }
        NetworkFilter filter = NetworkFilter.parse(filters);
        ConfigDir.Scan scan = env.configDir().scan();
        scan.problems().forEach(this::warn);
        Endpoints endpoints = env.endpoints();
        List<Network> shown = new ArrayList<>();
        for (Network network : scan.networks()) {
            if (filter.test(new NetworkFilter.Summary(network, endpoints.of(network.name()).size()))) {
                shown.add(network);
            }
        }
        shown.sort(Comparator.comparing(Network::name)); // as docker network ls, not in the files' order
        if (json) {
            ArrayNode array = Json.nodes().arrayNode();
            shown.forEach(n -> array.add(NetworkViews.summary(n, endpoints.of(n.name()))));
            printJson(array);
        } else if (quiet) {
            shown.forEach(n -> out.println(n.name()));
        } else {
            TextTable table = new TextTable("NAME", "ID", "DRIVER", "BRIDGE", "SUBNETS", "CONTAINERS");
            for (Network n : shown) {
                List<Endpoint> attached = endpoints.of(n.name());
                table.row(n.name(), n.id().isEmpty() ? "" : n.id().substring(0, Math.min(12, n.id().length())), n.driver(),
                        n.bridge() == null ? "" : n.bridge().name(),
                        String.join(",", n.subnets().stream().map(Subnet::subnet).map(Object::toString).toList()),
                        attached.size());
            }
            table.print(out);
        }
    }
}
