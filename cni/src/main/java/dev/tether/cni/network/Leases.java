package dev.tether.cni.network;

import dev.tether.ipam.IpamException;
import dev.tether.ipam.daemon.DaemonClient;
import dev.tether.ipam.query.LeaseView;
import dev.tether.ipam.query.QueryClient;
import dev.tether.ipam.query.QueryReply;
import dev.tether.ipam.query.QueryRequest;
import dev.tether.ipam.store.StoreLocation;
import dev.tether.ipam.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The IPAM store's leases, through the tether daemon when one answers on the socket, else on the
 * store itself (opened per query). A data directory without a store holds no lease: nothing was
 * ever allocated there, and no query creates a store.
 */
public final class Leases {
    /** How long a query waits for a store another process has open. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(5);

    private final Path socket;
    private final Path dataDir;
    private final Map<String, String> env;

    /**
     * @param dataDir null for the default (TETHER_DATA_DIR in {@code env}, else the daemon's, else /var/lib/tether)
     * @param env the TETHER_* variables the store and the daemon honour
     */
    public Leases(Path socket, Path dataDir, Map<String, String> env) {
        this.socket = socket;
        this.dataDir = dataDir;
        this.env = Map.copyOf(env);
    }

    /** Every lease of every network (manual reservations included). */
    public List<LeaseView> all() {
        return run(QueryRequest.ls(null)).leases();
    }

    /** The networks the store knows: those with ranges (recorded on a first ADD) or leases; none without a store. */
    public SortedSet<String> networks() {
        SortedSet<String> names = new TreeSet<>();
        QueryReply usage = run(QueryRequest.usage(null));
        if (usage.usage() != null) {
            usage.usage().forEach(n -> names.add(n.network()));
        }
        all().forEach(lease -> names.add(lease.network()));
        return names;
    }

    /** Forgets a deleted network: its leases, reservations and ranges; returns the leases released. */
    public List<LeaseView> forget(String network) {
        return run(QueryRequest.forget(network)).released();
    }

    /** A query where a missing store means "nothing there". */
    private QueryReply run(QueryRequest request) {
        if (!Files.exists(StoreLocation.storeFile(StoreLocation.dataDir(dataDir == null ? null : dataDir.toString(), env)))
                && !new DaemonClient(socket).isRunning()) {
            return new QueryReply(true, List.of(), null, List.of(), null, null);
        }
        QueryReply reply = query(request);
        return new QueryReply(true, orEmpty(reply.leases()), reply.usage(), orEmpty(reply.released()), reply.problems(), null);
    }

    /**
     * Runs any query in this data directory; a failed one is a {@link NetworkException} with the
     * store's or daemon's message.
     */
    public QueryReply query(QueryRequest request) {
        QueryReply reply;
        try {
            reply = new QueryClient(socket, StoreOptions.defaults().withLockWait(LOCK_WAIT))
                    .run(dataDir == null ? request : request.withDataDir(dataDir.toString()), env);
        } catch (IOException e) {
            throw new NetworkException("the tether daemon on " + socket + " did not answer properly: " + e.getMessage(), e);
        }
        if (!reply.ok()) {
            String message = reply.error().message();
            if (reply.error().code() == IpamException.CODE_TRY_AGAIN) {
                message += " (is a tether daemon running on another socket? then pass it with --socket)";
            }
            throw new NetworkException(message);
        }
        return reply;
    }

    /** The TETHER_* variables of an environment: the only ones the store and the daemon look at. */
    public static Map<String, String> tetherVariables(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith("TETHER_")) {
                out.put(key, value);
            }
        });
        return out;
    }

    private static List<LeaseView> orEmpty(List<LeaseView> leases) {
        return leases == null ? List.of() : leases;
    }
}
