package dev.tether.ipam.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.Json;
import dev.tether.ipam.daemon.DaemonClient;
import dev.tether.ipam.daemon.Reply;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a query through the daemon when one answers on {@code socket}, and directly on the store
 * (opened for this one query) otherwise: the same handler either way.
 */
public final class QueryClient {
    private final DaemonClient daemon;
    private final StoreOptions options;

    public QueryClient(Path socket, StoreOptions options) {
        this.daemon = new DaemonClient(socket);
        this.options = options;
    }

    /**
     * @param env the caller's environment ({@code TETHER_DATA_DIR} is honoured)
     * @throws IOException the daemon accepted the query but the exchange failed
     */
    public QueryReply run(QueryRequest request, Map<String, String> env) throws IOException {
        byte[] stdin = Json.MAPPER.writeValueAsBytes(request);
        Optional<Reply> forwarded = daemon.callIfRunning(QueryHandler.NAME, env, stdin);
        Reply reply;
        if (forwarded.isPresent()) {
            reply = forwarded.get();
        } else {
            try (EmbeddedStoreAccess local = new EmbeddedStoreAccess(options)) {
                reply = new QueryHandler(local).handle(env, stdin);
            }
        }
        return decode(reply);
    }

    private static QueryReply decode(Reply reply) {
        try {
            JsonNode node = Json.MAPPER.readTree(reply.stdout());
            if (node != null && node.has("ok")) {
                return Json.MAPPER.treeToValue(node, QueryReply.class);
            }
            if (node != null && node.has("code")) {
                // The daemon refused the request itself and answered with a CNI error object.
                String details = node.path("details").asText("");
                return QueryReply.failure(node.get("code").asInt(),
                        node.path("msg").asText("error") + (details.isEmpty() ? "" : ": " + details));
            }
        } catch (IOException e) {
            // fall through: not JSON
        }
        return QueryReply.failure(IpamException.CODE_IO, "unreadable reply (exit " + reply.exitCode() + "): "
                + (reply.stderrText().isBlank() ? reply.stdoutText() : reply.stderrText().trim()));
    }
}
