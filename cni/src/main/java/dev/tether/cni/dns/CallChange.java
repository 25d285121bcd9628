package dev.tether.cni.dns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Json;
import dev.tether.ipam.query.QueryHandler;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.StoreLocation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a call the daemon served may have changed in the IPAM store: one attachment's lease (an
 * ADD or DEL, keyed as tether-ipam keys it) or any lease of a network (a GC; an IPAM query that
 * reserves, releases, collects or forgets). Other calls (CHECK, STATUS, VERSION, read-only queries)
 * change nothing.
 *
 * @param lease   the attachment, or null for the whole network
 * @param dataDir where the network's leases are: the call's {@code dataDir}, else its
 *     TETHER_DATA_DIR, else the daemon's
 */
record CallChange(String network, LeaseKey lease, Path dataDir) {
    private static final Set<String> CHANGING_QUERIES = Set.of("reserve", "release", "gc", "forget");

    static Optional<CallChange> of(String handlerName, Map<String, String> env, byte[] stdin, Path daemonDataDir) {
        boolean query = handlerName.equals(QueryHandler.NAME);
        String command = env.getOrDefault("CNI_COMMAND", "");
        if (!query && !command.equals("ADD") && !command.equals("DEL") && !command.equals("GC")) {
            return Optional.empty();
        }
        ObjectNode body;
        try {
            body = Json.parseObject(stdin, "request");
        } catch (CniException notJson) {
            return Optional.empty(); // the handler has said so
        }
        Map<String, String> withDefault = new HashMap<>(env);
        withDefault.putIfAbsent(StoreLocation.ENV_DATA_DIR, daemonDataDir.toString());
        if (query) {
            String network = body.path("network").asText("");
            if (!CHANGING_QUERIES.contains(body.path("op").asText("")) || network.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CallChange(network, null, StoreLocation.dataDir(body.path("dataDir").asText(null), withDefault)));
        }
        String network = body.path("name").asText("");
        if (network.isEmpty()) {
            return Optional.empty();
        }
        Path dataDir = StoreLocation.dataDir(body.path("ipam").path("dataDir").asText(null), withDefault);
        return Optional.of(new CallChange(network, command.equals("GC") ? null : attachment(network, env), dataDir));
    }

    /** The lease key of an ADD or DEL; null when the call does not name one (the network is re-read). */
    private static LeaseKey attachment(String network, Map<String, String> env) {
        try {
            return new LeaseKey(network, env.get("CNI_CONTAINERID"), env.get("CNI_IFNAME"));
        } catch (IllegalArgumentException incomplete) {
            return null;
        }
    }

    void applyTo(NameSource names) {
        if (lease != null) {
            names.leaseChanged(lease, dataDir);
        } else {
            names.networkChanged(network, dataDir);
        }
    }
}
