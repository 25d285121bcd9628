package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One plugin configuration object of a network configuration list, and the derivation of the
 * request configuration it is executed with (spec section 3): {@code cniVersion} and
 * {@code name} inserted, {@code capabilities} removed, {@code runtimeConfig} and
 * {@code prevResult} added for attachment commands, every other field passed through unchanged.
 *
 * @param capabilities the capabilities the plugin declares (name to enabled)
 */
public record PluginEntry(String type, ObjectNode raw, Map<String, Boolean> capabilities) {
    private static final String RESERVED_PREFIX = "cni.dev/";

    public PluginEntry {
        // keeps the configured order, so derived runtimeConfigs are the same bytes every time
        capabilities = Collections.unmodifiableMap(new LinkedHashMap<>(capabilities));
    }

    /**
     * Reads a plugin configuration object.
     *
     * @throws CniException code 7 naming the bad field under {@code path}
     */
    public static PluginEntry parse(ObjectNode raw, String path) {
        JsonFields fields = JsonFields.ofConfig(raw, path);
        String type = fields.requireString("type");
        String problem = Identifiers.pluginTypeProblem(type);
        if (problem != null) {
            throw fields.invalid("type", problem);
        }
        Map<String, Boolean> capabilities = new LinkedHashMap<>();
        JsonFields caps = fields.optObject("capabilities");
        if (caps != null) {
            Iterator<String> names = caps.node().fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                capabilities.put(name, caps.bool(name, false));
            }
        }
        return new PluginEntry(type, raw, capabilities);
    }

    /**
     * The runtimeConfig for this plugin: the capability arguments whose capability the plugin
     * declares enabled. Empty when none match.
     */
    public ObjectNode runtimeConfig(Map<String, JsonNode> capabilityArgs) {
        ObjectNode out = Json.object();
        capabilities.forEach((name, enabled) -> {
            JsonNode value = capabilityArgs.get(name);
            if (enabled && value != null) {
                out.set(name, value.deepCopy());
            }
        });
        return out;
    }

    /**
     * The request configuration for ADD, DEL or CHECK.
     *
     * @param prevResult the previous result in the list's version, or null for none
     */
    public ObjectNode attachmentConfig(String network, CniVersion version, Map<String, JsonNode> capabilityArgs,
                                       ObjectNode prevResult) {
        ObjectNode out = base(network, version);
        ObjectNode runtimeConfig = runtimeConfig(capabilityArgs);
        if (!runtimeConfig.isEmpty()) {
            out.set("runtimeConfig", runtimeConfig); // libcni keeps a configured one when none derive
        }
        if (prevResult != null) {
            out.set("prevResult", prevResult);
        }
        return out;
    }

    /** The request configuration for GC: the valid attachments under both keys libcni sends. */
    public ObjectNode gcConfig(String network, CniVersion version, Collection<GcAttachment> valid) {
        ObjectNode out = base(network, version);
        out.set(GcAttachment.VALID_ATTACHMENTS, GcAttachment.toJson(valid));
        out.set(GcAttachment.LEGACY_ATTACHMENTS, GcAttachment.toJson(valid));
        return out;
    }

    /** The request configuration for STATUS. */
    public ObjectNode statusConfig(String network, CniVersion version) {
        return base(network, version);
    }

    private ObjectNode base(String network, CniVersion version) {
        ObjectNode out = Json.object();
        out.put("cniVersion", version.label());
        out.put("name", network);
        raw.fields().forEachRemaining(field -> {
            String key = field.getKey();
            if (!key.equals("cniVersion") && !key.equals("name") && !key.equals("capabilities")
                    && !key.equals("prevResult") && !key.startsWith(RESERVED_PREFIX)) {
                out.set(key, field.getValue().deepCopy());
            }
        });
        return out;
    }
}
