package dev.tether.cni.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tether.cni.firewall.MappedPort;
import dev.tether.cni.network.ConfigDir;
import dev.tether.cni.network.Endpoints;
import dev.tether.cni.network.Network;
import dev.tether.cni.network.NetworkEnvironment;
import dev.tether.cni.network.NetworkException;
import dev.tether.cni.network.NetworkViews;
import dev.tether.cni.spec.Json;
import dev.tether.natives.libc.NativeException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tether network inspect NAME...}: a JSON array, one object per network. */
@Command(name = "inspect", description = "Print networks as JSON: settings, subnets and gateways, every attached container"
        + " with its addresses (from the IPAM store), MAC and namespace (from the result cache), published ports (from the"
        + " firewall), and the conflist.")
final class NetworkInspectCommand extends NetworkSubcommand {
    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Networks to inspect.")
    List<String> names = new ArrayList<>();

    @Override
    void run(NetworkEnvironment env, PrintWriter out) {
        ConfigDir.Scan scan = env.configDir().scan();
        List<Network> networks = new ArrayList<>();
        for (String name : names) {
            networks.add(scan.find(name).orElseThrow(() -> new NetworkException("network " + name + " not found in "
                    + env.configDir().dir() + " (see 'tether network ls')")));
        }
        Endpoints endpoints = env.endpoints();
        List<MappedPort> published = published(env);
        ArrayNode array = Json.nodes().arrayNode();
        networks.forEach(n -> array.add(NetworkViews.inspect(n, endpoints.of(n.name()), published)));
        printJson(array);
    }

    /** Every published port, or null (with a warning) when the host's firewall cannot be read. */
    private List<MappedPort> published(NetworkEnvironment env) {
        try {
            return env.firewall().publishedPorts();
        } catch (NativeException | NetworkException e) {
            warn("published ports are not shown: cannot read table inet tether (" + e.getMessage() + ")");
            return null;
        }
    }
}
