package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Typed reads of one JSON object's fields, where every bad value becomes a {@link CniException}
 * naming the field's full path (e.g. {@code ipam.routes[0].dst}) and what is wrong with it.
 * Configs fail with code 7 (invalid network config), results with code 6 (undecodable content).
 */
public final class JsonFields {
    private final ObjectNode node;
    private final String path;
    private final int errorCode;

    private JsonFields(ObjectNode node, String path, int errorCode) {
        this.node = node;
        this.path = path;
        this.errorCode = errorCode;
    }

    /** Fields of a network configuration: errors are code 7. */
    public static JsonFields ofConfig(ObjectNode node, String path) {
        return new JsonFields(node, path, ErrorCode.INVALID_NETWORK_CONFIG);
    }

    /** Fields of a result: errors are code 6. */
    public static JsonFields ofResult(ObjectNode node, String path) {
        return new JsonFields(node, path, ErrorCode.DECODING_FAILURE);
    }

    public ObjectNode node() {
        return node;
    }

    public String path() {
        return path;
    }

    public boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** The full path of a field of this object, for messages. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public CniException invalid(String key, String problem) {
        return new CniException(errorCode, pathOf(key) + ": " + problem);
    }

    /** A string field, or null when absent or JSON null. */
    public String optString(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(key, "expected a string, got " + Json.kind(value));
        }
        return value.textValue();
    }

    /** A string field that must be present and non-empty. */
    public String requireString(String key) {
        String value = optString(key);
        if (value == null || value.isEmpty()) {
            throw invalid(key, "is required");
        }
        return value;
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid(key, "expected true or false, got " + Json.kind(value));
        }
        return value.booleanValue();
    }

    /** A non-negative integer field (the spec's uint), or null when absent. */
    public Integer optUint(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw invalid(key, "expected a non-negative integer, got " + Json.text(value));
        }
        return value.intValue();
    }

    public InetAddress optAddress(String key) {
        return optParsed(key, Cidr::parseAddress);
    }

    public Cidr optCidr(String key) {
        return optParsed(key, Cidr::parse);
    }

    public Cidr requireCidr(String key) {
        Cidr cidr = optCidr(key);
        if (cidr == null) {
            throw invalid(key, "is required");
        }
        return cidr;
    }

    /** A nested object, or null when absent. */
    public JsonFields optObject(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(key, "expected an object, got " + Json.kind(value));
        }
        return new JsonFields((ObjectNode) value, pathOf(key), errorCode);
    }

    /** The objects of an array field (empty when absent). */
    public List<JsonFields> objectList(String key) {
        return items(key, JsonNode::isObject, "an object",
                (item, itemPath) -> new JsonFields((ObjectNode) item, itemPath, errorCode));
    }

    /** The strings of an array field (empty when absent). */
    public List<String> stringList(String key) {
        return List.copyOf(items(key, JsonNode::isTextual, "a string", (item, itemPath) -> item.textValue()));
    }

    /** The raw array node of a field, or null when absent; anything else is an error. */
    public JsonNode arrayOrNull(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw invalid(key, "expected an array, got " + Json.kind(value));
        }
        return value;
    }

    /** A text field parsed by {@code parser}, whose IllegalArgumentException names the problem. */
    private <T> T optParsed(String key, Function<String, T> parser) {
        String text = optString(key);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid(key, e.getMessage());
        }
    }

    /** The items of an array field, each checked and converted with its own path. */
    private <T> List<T> items(String key, Predicate<JsonNode> accept, String expected,
                              BiFunction<JsonNode, String, T> convert) {
        JsonNode array = arrayOrNull(key);
        if (array == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String itemPath = pathOf(key) + "[" + i + "]";
            if (!accept.test(item)) {
                throw new CniException(errorCode, itemPath + ": expected " + expected + ", got " + Json.kind(item));
            }
            out.add(convert.apply(item, itemPath));
        }
        return out;
    }
}
