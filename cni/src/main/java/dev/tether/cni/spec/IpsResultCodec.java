package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code interfaces}/{@code ips}/{@code routes}/{@code dns} layout of 0.3.0 and later. In
 * 0.3.x and 0.4.0 each ip carries {@code version} ("4" or "6") and interfaces have only name, mac
 * and sandbox; 1.x dropped {@code version} and added mtu, socketPath and pciID. Reading accepts
 * either, so nothing a plugin sends is lost; writing emits exactly the version's fields.
 */
final class IpsResultCodec implements ResultCodec {
    static final IpsResultCodec V0_3_TO_0_4 = new IpsResultCodec(true);
    static final IpsResultCodec V1 = new IpsResultCodec(false);

    private final boolean legacyIps;

    private IpsResultCodec(boolean legacyIps) {
        this.legacyIps = legacyIps;
    }

    @Override
    public Result read(JsonFields json) {
        List<Result.Interface> interfaces = new ArrayList<>();
        for (JsonFields i : json.objectList("interfaces")) {
            interfaces.add(new Result.Interface(i.optString("name"), i.optString("mac"), i.optUint("mtu"),
                    i.optString("sandbox"), i.optString("socketPath"), i.optString("pciID")));
        }
        List<Result.IpConfig> ips = new ArrayList<>();
        for (JsonFields ip : json.objectList("ips")) {
            // "version" is redundant with the address family; it is re-derived on write.
            ips.add(new Result.IpConfig(ip.requireCidr("address"), ip.optAddress("gateway"),
                    ip.optUint("interface")));
        }
        List<Route> routes = new ArrayList<>();
        for (JsonFields route : json.objectList("routes")) {
            routes.add(Route.fromJson(route));
        }
        return new Result(interfaces, ips, routes, Dns.fromJson(json.optObject("dns")));
    }

    @Override
    public ObjectNode write(Result result, CniVersion version) {
        ObjectNode out = Json.object();
        out.put("cniVersion", version.label());
        if (!result.interfaces().isEmpty()) {
            ArrayNode interfaces = out.putArray("interfaces");
            result.interfaces().forEach(i -> interfaces.add(writeInterface(i)));
        }
        if (!result.ips().isEmpty()) {
            ArrayNode ips = out.putArray("ips");
            result.ips().forEach(ip -> ips.add(writeIp(ip)));
        }
        if (!result.routes().isEmpty()) {
            ArrayNode routes = out.putArray("routes");
            result.routes().forEach(r -> routes.add(r.toJson()));
        }
        if (!result.dns().isEmpty()) {
            out.set("dns", result.dns().toJson());
        }
        return out;
    }

    private ObjectNode writeInterface(Result.Interface i) {
        ObjectNode node = Json.object();
        node.put("name", i.name());
        putIfSet(node, "mac", i.mac());
        if (!legacyIps && i.mtu() != null) {
            node.put("mtu", i.mtu());
        }
        putIfSet(node, "sandbox", i.sandbox());
        if (!legacyIps) {
            putIfSet(node, "socketPath", i.socketPath());
            putIfSet(node, "pciID", i.pciId());
        }
        return node;
    }

    private ObjectNode writeIp(Result.IpConfig ip) {
        ObjectNode node = Json.object();
        if (legacyIps) {
            node.put("version", ip.isIpv4() ? "4" : "6");
        }
        if (ip.interfaceIndex() != null) {
            node.put("interface", ip.interfaceIndex());
        }
        node.put("address", ip.address().toString());
        if (ip.gateway() != null) {
            node.put("gateway", Cidr.format(ip.gateway()));
        }
        return node;
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(key, value);
        }
    }
}
