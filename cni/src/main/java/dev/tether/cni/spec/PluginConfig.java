package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request configuration as a plugin receives it on stdin: the exact bytes and the raw tree
 * (so unknown fields reach delegates unchanged), plus typed views of the fields the spec
 * defines.
 *
 * @param ipam null when the config has no {@code ipam} section
 * @param runtimeConfig the capability arguments; an empty object when absent
 * @param prevResult null when absent (first plugin of an ADD chain, or an old runtime)
 */
public record PluginConfig(byte[] bytes, ObjectNode raw, CniVersion cniVersion, String name, String type,
                           IpamConfig ipam, Dns dns, ObjectNode runtimeConfig, Result prevResult) {

    /**
     * Parses and validates a request configuration.
     *
     * @throws CniException code 6 when the bytes (or prevResult) cannot be decoded, 7 when a field
     *     is missing or invalid, 1 when cniVersion names a version this layer does not know
     */
    public static PluginConfig parse(byte[] bytes) {
        ObjectNode raw = Json.parseObject(bytes, "network configuration");
        JsonFields fields = JsonFields.ofConfig(raw, "");
        CniVersion version = CniVersion.require(fields.requireString("cniVersion"), CniVersion.ALL);
        String name = fields.requireString("name");
        String nameProblem = Identifiers.networkNameProblem(name);
        if (nameProblem != null) {
            throw fields.invalid("name", nameProblem);
        }
        String type = fields.requireString("type");
        String typeProblem = Identifiers.pluginTypeProblem(type);
        if (typeProblem != null) {
            throw fields.invalid("type", typeProblem);
        }
        JsonFields ipamFields = fields.optObject("ipam");
        IpamConfig ipam = ipamFields == null ? null : IpamConfig.parse(ipamFields);
        Dns dns = Dns.fromJson(fields.optObject("dns"));
        JsonFields runtime = fields.optObject("runtimeConfig");
        ObjectNode runtimeConfig = runtime == null ? Json.object() : runtime.node();
        return new PluginConfig(bytes, raw, version, name, type, ipam, dns, runtimeConfig,
                prevResult(raw.get("prevResult"), version));
    }

    /** Typed access to plugin-specific fields; errors are code 7 naming the field. */
    public JsonFields fields() {
        return JsonFields.ofConfig(raw, "");
    }

    /** @throws CniException code 7 when the config has no ipam section */
    public IpamConfig requireIpam() {
        if (ipam == null) {
            throw CniException.invalidConfig("ipam", "is required by plugin type \"" + type + "\"");
        }
        return ipam;
    }

    private static Result prevResult(JsonNode node, CniVersion version) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new CniException(ErrorCode.DECODING_FAILURE,
                    "prevResult: expected an object, got " + Json.kind(node));
        }
        return Result.fromJson((ObjectNode) node, version, "prevResult");
    }
}
