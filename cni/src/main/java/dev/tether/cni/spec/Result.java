package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A success result of ADD in the current (1.x) model, independent of any wire version: read it
 * from any supported version with {@link #fromJson} and write it in any with {@link #toJson}.
 * An IPAM plugin returns the abbreviated form ({@link #abbreviated()}): no interfaces and no
 * interface indexes.
 */
public record Result(List<Interface> interfaces, List<IpConfig> ips, List<Route> routes, Dns dns) {
    public static final Result EMPTY = new Result(List.of(), List.of(), List.of(), Dns.EMPTY);

    public Result {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        ips = ips == null ? List.of() : List.copyOf(ips);
        routes = routes == null ? List.of() : List.copyOf(routes);
        dns = dns == null ? Dns.EMPTY : dns;
    }

    /**
     * An interface created by the attachment.
     *
     * @param sandbox the netns path for interfaces in the container, null on the host; mac, mtu,
     *     socketPath and pciId are null when not applicable
     */
    public record Interface(String name, String mac, Integer mtu, String sandbox, String socketPath,
                            String pciId) {
        public Interface {
            name = name == null ? "" : name;
        }

        public static Interface of(String name, String mac, String sandbox) {
            return new Interface(name, mac, null, sandbox, null, null);
        }
    }

    /**
     * An address assigned by the attachment.
     *
     * @param address the address with its prefix length, host bits kept (e.g. 10.1.0.5/16)
     * @param gateway may be null
     * @param interfaceIndex index into {@link #interfaces()}, null in IPAM results
     */
    public record IpConfig(Cidr address, InetAddress gateway, Integer interfaceIndex) {
        public IpConfig {
            if (address == null) {
                throw new IllegalArgumentException("an IP config needs an address");
            }
        }

        public boolean isIpv4() {
            return address.isIpv4();
        }
    }

    /** Reads a result of any supported version; its own cniVersion wins over the fallback. */
    public static Result fromJson(ObjectNode json, CniVersion fallback) {
        return fromJson(json, fallback, "");
    }

    /**
     * Reads a result nested in another document; errors name fields under {@code path}, e.g.
     * "prevResult.ips[0].address".
     */
    public static Result fromJson(ObjectNode json, CniVersion fallback, String path) {
        return ResultCodec.of(versionOf(json, fallback, path)).read(JsonFields.ofResult(json, path));
    }

    /** Reads result bytes (e.g. a delegate's stdout) of any supported version. */
    public static Result fromBytes(byte[] bytes, CniVersion fallback) {
        return fromJson(Json.parseObject(bytes, "result"), fallback);
    }

    /**
     * The version a result is written in: its cniVersion, or the fallback (the config's version)
     * when it has none, as libcni does.
     *
     * @throws CniException code 1 when it names a version this layer does not know
     */
    public static CniVersion versionOf(ObjectNode json, CniVersion fallback) {
        return versionOf(json, fallback, "");
    }

    private static CniVersion versionOf(ObjectNode json, CniVersion fallback, String path) {
        String field = path.isEmpty() ? "cniVersion" : path + ".cniVersion";
        JsonNode version = json.get("cniVersion");
        if (version == null || version.isNull() || version.asText().isEmpty()) {
            return fallback;
        }
        if (!version.isTextual()) {
            throw new CniException(ErrorCode.DECODING_FAILURE,
                    field + ": expected a string, got " + Json.kind(version));
        }
        return CniVersion.find(version.textValue()).orElseThrow(() -> new CniException(
                ErrorCode.INCOMPATIBLE_VERSION,
                field + ": unsupported version \"" + version.textValue() + "\"",
                "supported: " + CniVersion.labels(CniVersion.ALL)));
    }

    /**
     * This result on the wire in the given version (with its cniVersion).
     *
     * @throws CniException code 1 when the version cannot express it (0.2.0 without any IP)
     */
    public ObjectNode toJson(CniVersion version) {
        return ResultCodec.of(version).write(this, version);
    }

    public byte[] toBytes(CniVersion version) {
        return Json.bytes(toJson(version));
    }

    /** The IPAM-delegate form: no interfaces, no interface indexes. */
    public Result abbreviated() {
        List<IpConfig> bare = new ArrayList<>(ips.size());
        for (IpConfig ip : ips) {
            bare.add(new IpConfig(ip.address(), ip.gateway(), null));
        }
        return new Result(List.of(), bare, routes, dns);
    }

    public Result withInterfaces(List<Interface> newInterfaces) {
        return new Result(newInterfaces, ips, routes, dns);
    }

    public Result withIps(List<IpConfig> newIps) {
        return new Result(interfaces, newIps, routes, dns);
    }

    public Result withRoutes(List<Route> newRoutes) {
        return new Result(interfaces, ips, newRoutes, dns);
    }

    public Result withDns(Dns newDns) {
        return new Result(interfaces, ips, routes, newDns);
    }
}
