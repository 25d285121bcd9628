package dev.tether.cni.cli;

import dev.tether.ipam.query.NetworkUsage;
import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import dev.tether.ipam.query.RangeUsage;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tether ipam usage [NETWORK]}. */
@Command(name = "usage", description = "Show size, used and free addresses of every range of one network or all.")
final class IpamUsageCommand extends IpamQueryCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NETWORK", description = "Only this network.")
    String network;

    @Override
    QueryRequest request() {
        return QueryRequest.usage(network);
    }

    @Override
    Object json(QueryReply reply) {
        return usage(reply);
    }

    @Override
    void print(QueryReply reply, PrintWriter out) {
        TextTable table = new TextTable("NETWORK", "RANGE", "SUBNET", "GATEWAY", "SIZE", "USED", "FREE");
        for (NetworkUsage net : usage(reply)) {
            for (RangeUsage range : net.ranges()) {
                table.row(net.network(), range.range(), range.subnet(), range.gateway(), range.size(), range.used(), range.free());
            }
        }
        table.print(out);
    }

    private static List<NetworkUsage> usage(QueryReply reply) {
        return reply.usage() == null ? List.of() : reply.usage();
    }
}
