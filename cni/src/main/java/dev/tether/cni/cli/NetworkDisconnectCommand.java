package dev.tether.cni.cli;

import dev.tether.cni.network.Connector;
import dev.tether.cni.network.Endpoint;
import dev.tether.cni.network.NetworkEnvironment;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tether network disconnect NAME CONTAINER}: the network's DEL with the cached ADD result. */
@Command(name = "disconnect", description = "Disconnect a container from a network: run the network's whole conflist DEL"
        + " with what the ADD was given and returned (from libcni's cache).")
final class NetworkDisconnectCommand extends NetworkSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The network.")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER", description = "The container's ID, the start of it, or its name.")
    String container;

    @Option(names = "--ifname", paramLabel = "IFNAME", description = "Only this interface (default: every one on the network).")
    String ifName;

    @Override
    void run(NetworkEnvironment env, PrintWriter out) {
        for (Endpoint endpoint : new Connector(env, pluginStderr).disconnect(network, container, ifName)) {
            out.println("disconnected " + endpoint.containerId() + " (" + endpoint.ifName() + ") from " + network);
        }
    }
}
