package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ipam} section of a config. The spec defines only {@code type}; the conventional
 * fields of host-local style IPAM ({@code subnet}, {@code rangeStart}, {@code rangeEnd},
 * {@code gateway}, {@code ranges}, {@code routes}) are parsed and validated here when present,
 * so a bad CIDR fails with a message naming the field. Everything else stays in {@link #raw()}.
 *
 * @param ranges range sets, each a list of ranges; a top-level {@code subnet} forms the first set
 */
public record IpamConfig(String type, ObjectNode raw, List<List<IpRange>> ranges, List<Route> routes) {

    /** One address range: a subnet and optionally the part of it to allocate from and its gateway. */
    public record IpRange(Cidr subnet, InetAddress rangeStart, InetAddress rangeEnd, InetAddress gateway) {}

    public IpamConfig {
        ranges = ranges.stream().map(List::copyOf).toList();
        routes = List.copyOf(routes);
    }

    /** @throws CniException code 7 naming the bad field, e.g. {@code ipam.ranges[0][1].subnet} */
    public static IpamConfig parse(JsonFields ipam) {
        String type = ipam.requireString("type");
        String typeProblem = Identifiers.pluginTypeProblem(type);
        if (typeProblem != null) {
            throw ipam.invalid("type", typeProblem);
        }
        List<List<IpRange>> ranges = new ArrayList<>();
        if (ipam.has("subnet")) {
            ranges.add(List.of(range(ipam)));
        } else {
            // without a subnet these fields form no range, but a bad value is still an error
            ipam.optAddress("rangeStart");
            ipam.optAddress("rangeEnd");
            ipam.optAddress("gateway");
        }
        var sets = ipam.arrayOrNull("ranges");
        if (sets != null) {
            for (int i = 0; i < sets.size(); i++) {
                ranges.add(rangeSet(ipam, i));
            }
        }
        List<Route> routes = new ArrayList<>();
        for (JsonFields route : ipam.objectList("routes")) {
            routes.add(Route.fromJson(route));
        }
        return new IpamConfig(type, ipam.node(), ranges, routes);
    }

    /** Typed access to this section's other (plugin-specific) fields; errors are code 7. */
    public JsonFields fields() {
        return JsonFields.ofConfig(raw, "ipam");
    }

    private static List<IpRange> rangeSet(JsonFields ipam, int index) {
        var set = ipam.node().get("ranges").get(index);
        String setPath = ipam.pathOf("ranges") + "[" + index + "]";
        if (!set.isArray()) {
            throw new CniException(ErrorCode.INVALID_NETWORK_CONFIG,
                    setPath + ": expected an array of ranges, got " + Json.kind(set));
        }
        List<IpRange> out = new ArrayList<>(set.size());
        for (int j = 0; j < set.size(); j++) {
            var range = set.get(j);
            String rangePath = setPath + "[" + j + "]";
            if (!range.isObject()) {
                throw new CniException(ErrorCode.INVALID_NETWORK_CONFIG,
                        rangePath + ": expected an object, got " + Json.kind(range));
            }
            out.add(range(JsonFields.ofConfig((ObjectNode) range, rangePath)));
        }
        return out;
    }

    private static IpRange range(JsonFields fields) {
        return new IpRange(fields.requireCidr("subnet"), fields.optAddress("rangeStart"),
                fields.optAddress("rangeEnd"), fields.optAddress("gateway"));
    }
}
