package dev.tether.cni.cli;

import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tether ipam release NETWORK CONTAINER [IFNAME]}. */
@Command(name = "release", description = "Release the leases of a container on a network (all its interfaces, or one).")
final class IpamReleaseCommand extends IpamQueryCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER", description = "Container ID (@reserved for a manual reservation).")
    String container;

    @Parameters(index = "2", arity = "0..1", paramLabel = "IFNAME",
            description = "Only this interface (for @reserved: the address).")
    String ifname;

    @Override
    QueryRequest request() {
        return QueryRequest.release(network, container, ifname);
    }

    @Override
    Object json(QueryReply reply) {
        return Map.of("released", orEmpty(reply.released()));
    }

    @Override
    void print(QueryReply reply, PrintWriter out) {
        if (orEmpty(reply.released()).isEmpty()) {
            out.println("nothing to release: container " + container + (ifname == null ? "" : " interface " + ifname)
                    + " holds no lease in network " + network);
            out.flush();
        }
        printReleased(orEmpty(reply.released()), out);
    }
}
