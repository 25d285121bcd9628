package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The spec's error object: {@code {"cniVersion", "code", "msg", "details"}}.
 *
 * @param details may be empty, never null
 */
public record CniError(int code, String msg, String details) {

    public CniError {
        msg = msg == null ? "" : msg;
        details = details == null ? "" : details;
    }

    public ObjectNode toJson(CniVersion version) {
        ObjectNode node = Json.object();
        node.put("cniVersion", version.label());
        node.put("code", code);
        node.put("msg", msg);
        if (!details.isEmpty()) {
            node.put("details", details);
        }
        return node;
    }

    /**
     * Reads an error object a plugin printed, or empty when the node is not one (no integral
     * {@code code}). Accepts the reference plugins' form, which has no {@code cniVersion}.
     */
    public static Optional<CniError> fromJson(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("code").isIntegralNumber()) {
            return Optional.empty();
        }
        return Optional.of(new CniError(node.get("code").asInt(),
                node.path("msg").asText(""), node.path("details").asText("")));
    }

    /** One line in the style of the reference's Error(): "msg; details". */
    @Override
    public String toString() {
        return details.isEmpty() ? msg : msg + "; " + details;
    }
}
