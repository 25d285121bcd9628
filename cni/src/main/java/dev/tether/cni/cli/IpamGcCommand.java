package dev.tether.cni.cli;

import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code tether ipam gc NETWORK --keep ID:IF...}: CNI GC by hand. */
@Command(name = "gc", description = "Release every lease of a network except those of the attachments kept"
        + " (manual reservations always stay).")
final class IpamGcCommand extends IpamQueryCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Option(names = "--keep", paramLabel = "ID[:IF]", arity = "1..*",
            description = "Attachments to keep: container ID and interface, or a container ID alone for all its interfaces.")
    List<String> keep = new ArrayList<>();

    @Option(names = "--all", description = "Release every lease of the network (instead of --keep).")
    boolean all;

    @Override
    QueryRequest request() {
        if (keep.isEmpty() && !all) {
            throw new ParameterException(spec.commandLine(),
                    "nothing to keep: name the attachments to keep with --keep ID:IF, or pass --all to release every lease");
        }
        if (!keep.isEmpty() && all) {
            throw new ParameterException(spec.commandLine(),
                    "--all and --keep exclude each other: --all releases every lease, --keep keeps some");
        }
        for (String entry : keep) {
            if (entry.isBlank() || entry.startsWith(":")) {
                throw new ParameterException(spec.commandLine(), "--keep \"" + entry + "\" has no container ID (expected ID or ID:IF)");
            }
        }
        return QueryRequest.gc(network, keep);
    }

    @Override
    Object json(QueryReply reply) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("released", orEmpty(reply.released()));
        out.put("problems", reply.problems() == null ? List.of() : reply.problems());
        return out;
    }

    @Override
    void print(QueryReply reply, PrintWriter out) {
        printReleased(orEmpty(reply.released()), out);
        if (orEmpty(reply.released()).isEmpty()) {
            out.println("nothing to release in network " + network);
            out.flush();
        }
        if (reply.problems() != null) {
            reply.problems().forEach(p -> err().println("tether: warning: " + p));
            err().flush();
        }
    }
}
