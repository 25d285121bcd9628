package dev.tether.cni.cli;

import dev.tether.ipam.IpamException;
import dev.tether.ipam.daemon.DaemonSocket;
import dev.tether.ipam.query.QueryClient;
import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import dev.tether.ipam.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The options of every {@code tether ipam} command, and running its query: through the daemon
 * when one answers on the socket, else on the store directly.
 */
final class IpamOptions {
    /** How long the CLI waits for a store another process has open. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(5);

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
        Map<String, String> env = tetherEnv(System.getenv());
        Path daemonSocket = socket != null ? socket : DaemonSocket.resolve(null, env);
        QueryRequest located = dataDir == null ? request : request.withDataDir(dataDir.toString());
        QueryReply reply;
        try {
            reply = new QueryClient(daemonSocket, StoreOptions.defaults().withLockWait(LOCK_WAIT)).run(located, env);
        } catch (IOException e) {
            throw new CliException("the tether daemon on " + daemonSocket + " did not answer properly: " + e.getMessage(), e);
        }
        if (!reply.ok()) {
            String message = reply.error().message();
            if (reply.error().code() == IpamException.CODE_TRY_AGAIN) {
                message += " (is a tether daemon running on another socket? then pass it with --socket)";
            }
            throw new CliException(message);
        }
        return reply;
    }

    /** Only TETHER_* variables concern the store and the daemon; nothing else is sent along. */
    private static Map<String, String> tetherEnv(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("TETHER_")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
