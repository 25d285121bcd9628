package dev.tether.cni.cli;

import dev.tether.ipam.query.LeaseView;
import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tether ipam reserve NETWORK IP}. */
@Command(name = "reserve", description = "Keep an address of a network from being handed out, across reboots and GC,"
        + " until 'tether ipam release NETWORK @reserved IP'.")
final class IpamReserveCommand extends IpamQueryCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "IP", description = "The address, e.g. 10.88.0.9.")
    String address;

    @Override
    QueryRequest request() {
        return QueryRequest.reserve(network, address);
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
