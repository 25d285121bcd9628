package dev.tether.ipam.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A standalone query, as JSON in the {@code ipam-query} handler's stdin. {@code op} is one of
 * {@code ls [network]}, {@code show container}, {@code usage [network]},
 * {@code reserve network address}, {@code release network container [ifname]},
 * {@code gc network keep...} (keep entries {@code ID:IF} or {@code ID}), {@code forget network}
 * (everything of a deleted network: leases, reservations, cursors, ranges; an unknown network
 * is no error), {@code verify}.
 * {@code dataDir} overrides env {@code TETHER_DATA_DIR} and the default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryRequest(String op, String network, String container, String ifname, String address,
                           List<String> keep, String dataDir) {

    public static QueryRequest ls(String network) {
        return new QueryRequest("ls", network, null, null, null, null, null);
    }

    public static QueryRequest show(String container) {
        return new QueryRequest("show", null, container, null, null, null, null);
    }

    public static QueryRequest usage(String network) {
        return new QueryRequest("usage", network, null, null, null, null, null);
    }

    public static QueryRequest reserve(String network, String address) {
        return new QueryRequest("reserve", network, null, null, address, null, null);
    }

    public static QueryRequest release(String network, String container, String ifname) {
        return new QueryRequest("release", network, container, ifname, null, null, null);
    }

    public static QueryRequest gc(String network, List<String> keep) {
        return new QueryRequest("gc", network, null, null, null, keep, null);
    }

    public static QueryRequest forget(String network) {
        return new QueryRequest("forget", network, null, null, null, null, null);
    }

    public static QueryRequest verify() {
        return new QueryRequest("verify", null, null, null, null, null, null);
    }

    public QueryRequest withDataDir(String dir) {
        return new QueryRequest(op, network, container, ifname, address, keep, dir);
    }
}
