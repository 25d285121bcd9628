package dev.tether.cni.cli;

import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tether ipam ls [NETWORK]}. */
@Command(name = "ls", description = "List the leases (network, address, container, interface, age) of one network or all.")
final class IpamLsCommand extends IpamQueryCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NETWORK", description = "Only this network.")
    String network;

    @Override
    QueryRequest request() {
        return QueryRequest.ls(network);
    }

    @Override
    Object json(QueryReply reply) {
        return orEmpty(reply.leases());
    }

    @Override
    void print(QueryReply reply, PrintWriter out) {
        printLeases(orEmpty(reply.leases()), out);
    }
}
