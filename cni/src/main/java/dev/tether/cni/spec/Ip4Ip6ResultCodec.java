package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The 0.1.0/0.2.0 layout: at most one IPv4 and one IPv6 config ({@code ip4}, {@code ip6}), each
 * holding the routes of its family. Writing picks the first address of each family and the
 * routes whose destination matches a family that has an address, as the reference does; a result
 * with no address cannot be written in this layout.
 */
final class Ip4Ip6ResultCodec implements ResultCodec {
    static final Ip4Ip6ResultCodec INSTANCE = new Ip4Ip6ResultCodec();

    private Ip4Ip6ResultCodec() {}

    @Override
    public Result read(JsonFields json) {
        List<Result.IpConfig> ips = new ArrayList<>(2);
        List<Route> routes = new ArrayList<>();
        for (String key : new String[] {"ip4", "ip6"}) {
            JsonFields config = json.optObject(key);
            if (config == null) {
                continue;
            }
            ips.add(new Result.IpConfig(config.requireCidr("ip"), config.optAddress("gateway"), null));
            for (JsonFields route : config.objectList("routes")) {
                routes.add(Route.fromJson(route));
            }
        }
        return new Result(List.of(), ips, routes, Dns.fromJson(json.optObject("dns")));
    }

    @Override
    public ObjectNode write(Result result, CniVersion version) {
        Result.IpConfig ip4 = first(result, true);
        Result.IpConfig ip6 = first(result, false);
        if (ip4 == null && ip6 == null) {
            throw new CniException(ErrorCode.INCOMPATIBLE_VERSION,
                    "cannot express the result in CNI " + version.label() + ": it has no IP address");
        }
        ObjectNode out = Json.object();
        out.put("cniVersion", version.label());
        if (ip4 != null) {
            out.set("ip4", writeConfig(ip4, result.routes(), true));
        }
        if (ip6 != null) {
            out.set("ip6", writeConfig(ip6, result.routes(), false));
        }
        if (!result.dns().isEmpty()) {
            out.set("dns", result.dns().toJson());
        }
        return out;
    }

    private static Result.IpConfig first(Result result, boolean ipv4) {
        for (Result.IpConfig ip : result.ips()) {
            if (ip.isIpv4() == ipv4) {
                return ip;
            }
        }
        return null;
    }

    private static ObjectNode writeConfig(Result.IpConfig ip, List<Route> routes, boolean ipv4) {
        ObjectNode node = Json.object();
        node.put("ip", ip.address().toString());
        if (ip.gateway() != null) {
            node.put("gateway", Cidr.format(ip.gateway()));
        }
        ArrayNode array = null;
        for (Route route : routes) {
            if (route.dst().isIpv4() == ipv4) {
                if (array == null) {
                    array = node.putArray("routes");
                }
                array.add(route.toLegacyJson());
            }
        }
        return node;
    }
}
