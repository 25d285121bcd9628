package dev.tether.ipam.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.Json;
import dev.tether.ipam.daemon.DaemonHandler;
import dev.tether.ipam.daemon.Reply;
import dev.tether.ipam.store.StoreAccess;
import dev.tether.ipam.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code ipam-query} handler: {@link QueryRequest} JSON in, {@link QueryReply} JSON out,
 * exit code 0 on success and 1 on failure. Registered in the daemon; the CLI runs the very same
 * handler in-process when no daemon answers.
 */
public final class QueryHandler implements DaemonHandler {
    public static final String NAME = "ipam-query";

    private final StoreAccess stores;

    public QueryHandler(StoreAccess stores) {
        this.stores = stores;
    }

    @Override
    public Reply handle(Map<String, String> env, byte[] stdin) {
        QueryReply reply;
        try {
            QueryRequest request = parse(stdin);
            Path dataDir = StoreLocation.dataDir(request.dataDir(), env);
            if (!"reserve".equals(request.op()) && !Files.exists(StoreLocation.storeFile(dataDir))) {
                // Opening would create an empty store: more likely a wrong data directory.
                throw new IpamException.StoreFailure("no IPAM store in " + dataDir + " (nothing was allocated with"
                        + " this data directory; check --data-dir or TETHER_DATA_DIR)", null);
            }
            reply = stores.withStore(dataDir, store -> QueryEngine.run(store, request));
        } catch (IpamException e) {
            reply = QueryReply.failure(e.cniCode(), e.getMessage());
        }
        return new Reply(reply.ok() ? 0 : 1, encode(reply), null);
    }

    private static QueryRequest parse(byte[] stdin) throws IpamException.InvalidConfig {
        try {
            QueryRequest request = Json.MAPPER.readValue(stdin, QueryRequest.class);
            if (request == null) {
                throw new IpamException.InvalidConfig("empty query");
            }
            return request;
        } catch (IOException e) {
            throw new IpamException.InvalidConfig("query is not valid JSON: " + e.getMessage());
        }
    }

    static byte[] encode(QueryReply reply) {
        try {
            return Json.MAPPER.writeValueAsBytes(reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a query reply always serializes", e);
        }
    }
}
