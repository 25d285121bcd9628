package dev.tether.cni.cli;

import dev.tether.cni.network.Leases;
import dev.tether.cni.network.NetworkException;
import dev.tether.ipam.daemon.DaemonSocket;
import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedSet;
import picocli.CommandLine.Option;

/**
 * The options of every {@code tether ipam} command, and running its query: through the daemon
 * when one answers on the socket, else on the store directly.
 */
final class IpamOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the IPAM store (default: $TETHER_DATA_DIR, else the daemon's,"
                    + " else /var/lib/tether).")
    Path dataDir;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The tether daemon's socket (default: $TETHER_SOCKET, else /run/tether/tether.sock);"
                    + " without a daemon there, the store is read directly.")
    Path socket;

    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;

    /** Runs the query; a failed one is a {@link CliException} with the store's or daemon's message. */
    QueryReply run(QueryRequest request) {
        try {
            return leases().query(request);
        } catch (NetworkException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /** The networks the store knows (none when there is no store yet). */
    SortedSet<String> knownNetworks() {
        try {
            return leases().networks();
        } catch (NetworkException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private Leases leases() {
        Map<String, String> env = Leases.tetherVariables(System.getenv());
        Path daemonSocket = socket != null ? socket : DaemonSocket.resolve(null, env);
        return new Leases(daemonSocket, dataDir, env);
    }
}
