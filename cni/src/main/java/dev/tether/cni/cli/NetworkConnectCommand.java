package dev.tether.cni.cli;

import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.network.Connector;
import dev.tether.cni.network.NetworkEnvironment;
import dev.tether.cni.network.InvalidValueException;
import dev.tether.cni.network.PortSpec;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Json;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.MacAddress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tether network connect NAME NETNS_PATH --container ID}: the network's ADD, as a runtime runs it. */
@Command(name = "connect", description = "Connect a container (its network namespace) to a network: run the network's"
        + " whole conflist ADD as a runtime would, keeping the result in libcni's cache for disconnect. Published ports are"
        + " printed as CONTAINER_PORT/PROTO -> HOST_IP:HOST_PORT.")
final class NetworkConnectCommand extends NetworkSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The network.")
    String network;

    @Parameters(index = "1", paramLabel = "NETNS_PATH", description = "The container's network namespace, e.g. /run/netns/web.")
    Path netns;

    @Option(names = "--container", required = true, paramLabel = "ID", description = "The container's ID (CNI_CONTAINERID).")
    String container;

    @Option(names = "--name", paramLabel = "NAME", description = "The container's name (kept with its lease for name resolution).")
    String name;

    @Option(names = {"--ip", "--ip6"}, paramLabel = "IP", description = "Ask for this address (repeat for IPv4 and IPv6).")
    List<String> ips = new ArrayList<>();

    @Option(names = "--alias", paramLabel = "ALIAS", description = "A name of the container on this network (repeat for more).")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--mac", paramLabel = "MAC", description = "The container interface's MAC address.")
    String mac;

    @Option(names = "--ifname", paramLabel = "IFNAME",
            description = "The interface in the container (default: eth0, else the next free ethN).")
    String ifName;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOST_PORT:]PORT[/PROTO]",
            description = "Publish a container port on the host (repeat for more; ranges FIRST-LAST of equal length; no"
                    + " HOST_PORT: a free one is picked). PROTO is tcp (default), udp or sctp.")
    List<String> publish = new ArrayList<>();

    @Option(names = "--expose", paramLabel = "PORT[/PROTO]", description = "A container port that -P publishes (repeat for more).")
    List<String> expose = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"}, description = "Publish every --expose port on a free host port.")
    boolean publishAll;

    @Option(names = "--json", description = "Print the CNI result as JSON.")
    boolean json;

    @Override
    void run(NetworkEnvironment env, PrintWriter out) {
        MacAddress macAddress = null;
        if (mac != null) {
            try {
                macAddress = MacAddress.parse(mac);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("--mac " + mac + ": " + e.getMessage());
            }
        }
        Connector.Connection connection = new Connector(env, pluginStderr).connect(new Connector.Request(network, netns,
                container, name, NetworkCreateCommand.parse(ips, "--ip", InetAddresses::parse), aliases, macAddress, ifName,
                ports()));
        if (json) {
            printJson(connection.result().toJson(connection.config().cniVersion()));
        } else {
            out.println("connected " + connection.containerId() + " to " + connection.network() + " as "
                    + connection.ifName() + " (" + String.join(", ", connection.result().ips().stream()
                    .map(ip -> ip.address().toString()).toList()) + ")");
            // As 'docker port' prints them: CONTAINER_PORT/PROTO -> HOST_IP:HOST_PORT.
            connection.published().stream().sorted(PortForward.ORDER).forEach(f -> out.println(f.containerPort() + "/" + f.protocol().label() + " -> "
                    + f.hostSide()));
        }
    }

    /** -p as given, then (with -P) every --expose on a picked port. */
    private List<PortSpec> ports() {
        if (!expose.isEmpty() && !publishAll) {
            throw new InvalidValueException("--expose publishes nothing without -P (--publish-all)");
        }
        List<PortSpec> ports = new ArrayList<>();
        NetworkCreateCommand.parse(publish, "--publish", PortSpec::parse).forEach(ports::addAll);
        NetworkCreateCommand.parse(expose, "--expose", PortSpec::exposed).forEach(ports::addAll);
        if (publishAll && expose.isEmpty()) {
            throw new InvalidValueException("-P publishes the --expose ports, and none is given (e.g. --expose 80 -P)");
        }
        return ports;
    }
}
