package dev.tether.cni.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tether.ipam.Json;
import dev.tether.ipam.query.LeaseView;
import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** One {@code tether ipam} command: a query, then a table for humans or JSON for scripts. */
abstract class IpamQueryCommand implements Callable<Integer> {
    @Mixin
    IpamOptions options;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** The query this command runs. */
    abstract QueryRequest request();

    /** What {@code --json} prints: a value Jackson serializes. */
    abstract Object json(QueryReply reply);

    abstract void print(QueryReply reply, PrintWriter out);

    @Override
    public Integer call() {
        QueryReply reply = options.run(request());
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            try {
                out.println(Json.MAPPER.writeValueAsString(json(reply)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
        } else {
            print(reply, out);
        }
        return TetherCli.EXIT_OK;
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static List<LeaseView> orEmpty(List<LeaseView> leases) {
        return leases == null ? List.of() : leases;
    }

    /** The lease table of ls and show. */
    static void printLeases(List<LeaseView> leases, PrintWriter out) {
        TextTable table = new TextTable("NETWORK", "ADDRESS", "CONTAINER", "IFNAME", "AGE", "NAMES");
        for (LeaseView lease : leases) {
            table.row(lease.network(), String.join(",", lease.addresses()), lease.reserved() ? "(reserved)" : lease.container(),
                    lease.reserved() ? "" : lease.ifname(), age(lease.ageSeconds()), names(lease));
        }
        table.print(out);
    }

    /** What a release or GC freed, one line per lease. */
    static void printReleased(List<LeaseView> released, PrintWriter out) {
        for (LeaseView lease : released) {
            out.println("released " + String.join(", ", lease.addresses()) + " of "
                    + (lease.reserved() ? "a manual reservation" : "container " + lease.container() + " interface " + lease.ifname())
                    + " in network " + lease.network());
        }
        out.flush();
    }

    /** A short age: 42s, 5m, 3h, 2d. */
    static String age(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    private static String names(LeaseView lease) {
        StringBuilder names = new StringBuilder(lease.name() == null ? "" : lease.name());
        for (String alias : lease.aliases() == null ? List.<String>of() : lease.aliases()) {
            names.append(names.length() == 0 ? "" : ",").append(alias);
        }
        return names.toString();
    }
}
