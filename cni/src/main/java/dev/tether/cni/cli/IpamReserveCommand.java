package dev.tether.cni.cli;

import dev.tether.cni.network.ConfigDir;
import dev.tether.ipam.query.LeaseView;
import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import dev.tether.natives.ip.InetAddresses;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.SortedSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code tether ipam reserve NETWORK IP}. The network must exist: the store knows it (it had a
 * container), or its conflist is in the config directory (a reservation made before the first
 * container is kept from it). A typo would otherwise leave a reservation of a network that
 * nothing can reach.
 */
@Command(name = "reserve", description = "Keep an address of a network from being handed out, across reboots and GC,"
        + " until 'tether ipam release NETWORK @reserved IP'. NETWORK is one the store knows, or one whose conflist is in"
        + " --config-dir (before its first container).")
final class IpamReserveCommand extends IpamQueryCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "IP", description = "The address, e.g. 10.88.0.9.")
    String address;

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "/etc/cni/net.d",
            description = "CNI configuration directory, where a network the store does not know yet is looked for"
                    + " (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Override
    QueryRequest request() {
        try {
            InetAddresses.parse(address.strip());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "IP " + address + ": " + e.getMessage());
        }
        requireNetwork();
        return QueryRequest.reserve(network, address);
    }

    private void requireNetwork() {
        ConfigDir.Scan scan = new ConfigDir(configDir).scan();
        if (scan.find(network).isPresent()) {
            return;
        }
        SortedSet<String> known = options.knownNetworks();
        if (known.contains(network)) {
            return;
        }
        scan.networks().forEach(n -> known.add(n.name()));
        throw new CliException("no network " + network + ": the IPAM store does not know it and " + configDir
                + " has no conflist of it (" + (known.isEmpty() ? "no network exists" : "networks: " + String.join(", ", known))
                + "); check the name, or give the directory of its conflist with --config-dir");
    }

    @Override
    Object json(QueryReply reply) {
        return reserved(reply);
    }

    @Override
    void print(QueryReply reply, PrintWriter out) {
        LeaseView lease = reserved(reply);
        out.println("reserved " + String.join(", ", lease.addresses()) + " in network " + lease.network());
        out.flush();
    }

    private static LeaseView reserved(QueryReply reply) {
        return orEmpty(reply.leases()).get(0);
    }
}
