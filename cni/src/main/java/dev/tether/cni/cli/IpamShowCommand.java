package dev.tether.cni.cli;

import dev.tether.ipam.query.LeaseView;
import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tether ipam show CONTAINER}. */
@Command(name = "show", description = "Show the addresses of a container on every network.")
final class IpamShowCommand extends IpamQueryCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container ID, its start (like a short ID), or its name.")
    String container;

    @Override
    QueryRequest request() {
        return QueryRequest.show(container);
    }

    @Override
    Object json(QueryReply reply) {
        return leases(reply);
    }

    @Override
    void print(QueryReply reply, PrintWriter out) {
        printLeases(leases(reply), out);
    }

    private List<LeaseView> leases(QueryReply reply) {
        List<LeaseView> leases = orEmpty(reply.leases());
        if (leases.isEmpty()) {
            throw new CliException("no lease of a container whose ID starts with \"" + container + "\" or whose name is \"" + container
                    + "\" (see 'tether ipam ls')");
        }
        return leases;
    }
}
