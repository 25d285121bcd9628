package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;

/**
 * A route of a result or of an IPAM config.
 *
 * @param gw next hop, or null to use the gateway of the matching {@code ips} entry
 * @param mtu optional (null when absent), as are advmss, priority, table and scope
 */
public record Route(Cidr dst, InetAddress gw, Integer mtu, Integer advmss, Integer priority,
                    Integer table, Integer scope) {

    public Route {
        if (dst == null) {
            throw new IllegalArgumentException("a route needs a destination");
        }
    }

    public static Route of(Cidr dst, InetAddress gw) {
        return new Route(dst, gw, null, null, null, null, null);
    }

    public static Route fromJson(JsonFields fields) {
        return new Route(fields.requireCidr("dst"), fields.optAddress("gw"), fields.optUint("mtu"),
                fields.optUint("advmss"), fields.optUint("priority"), fields.optUint("table"),
                fields.optUint("scope"));
    }

    public ObjectNode toJson() {
        ObjectNode node = toLegacyJson();
        putIfSet(node, "mtu", mtu);
        putIfSet(node, "advmss", advmss);
        putIfSet(node, "priority", priority);
        putIfSet(node, "table", table);
        putIfSet(node, "scope", scope);
        return node;
    }

    /** The 0.1.0/0.2.0 form, which has only dst and gw. */
    public ObjectNode toLegacyJson() {
        ObjectNode node = Json.object();
        node.put("dst", dst.toString());
        if (gw != null) {
            node.put("gw", Cidr.format(gw));
        }
        return node;
    }

    private static void putIfSet(ObjectNode node, String key, Integer value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
