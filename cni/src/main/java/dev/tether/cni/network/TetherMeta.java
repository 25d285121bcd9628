package dev.tether.cni.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.spec.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code tether network create} records about a network under the top-level key
 * {@value #KEY} of its conflist (runtimes ignore keys they do not know; libcni keeps the file's
 * bytes as they are): its ID, creation time, driver, labels and options. Only networks with this
 * key are Tether's to remove.
 */
public record TetherMeta(String id, Instant created, String driver, Map<String, String> labels,
                         Map<String, String> options) {
    public static final String KEY = "tether";

    public TetherMeta {
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("id", id);
        node.put("created", created.toString());
        node.put("driver", driver);
        labels.forEach(node.putObject("labels")::put);
        options.forEach(node.putObject("options")::put);
        return node;
    }

    /** The record in a conflist, if it has one that reads as one (an ID at least). */
    static Optional<TetherMeta> of(JsonNode conflist) {
        JsonNode node = conflist.get(KEY);
        if (node == null || !node.isObject() || !node.path("id").isTextual() || node.path("id").asText().isEmpty()) {
            return Optional.empty();
        }
        Instant created;
        try {
            created = Instant.parse(node.path("created").asText(""));
        } catch (DateTimeParseException e) {
            created = null;
        }
        return Optional.of(new TetherMeta(node.get("id").asText(), created, node.path("driver").asText("bridge"),
                strings(node.get("labels")), strings(node.get("options"))));
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.put(field.getKey(), field.getValue().isTextual() ? field.getValue().textValue() : field.getValue().toString());
            }
        }
        return out;
    }
}
