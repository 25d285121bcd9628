package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One still-valid attachment named in a GC request: (CNI_CONTAINERID, CNI_IFNAME) of its ADD. */
public record GcAttachment(String containerId, String ifName) {
    /** The spec's key. */
    public static final String VALID_ATTACHMENTS = "cni.dev/valid-attachments";
    /** The key the spec used by mistake before (libcni still sends both). */
    public static final String LEGACY_ATTACHMENTS = "cni.dev/attachments";

    /**
     * The valid attachments of a GC config: the spec's key, else the legacy one, else none.
     *
     * @throws CniException code 7 naming the bad entry
     */
    public static List<GcAttachment> parseAll(ObjectNode config) {
        JsonFields fields = JsonFields.ofConfig(config, "");
        List<GcAttachment> out = new ArrayList<>();
        for (JsonFields entry : fields.objectList(keyOf(config))) {
            out.add(new GcAttachment(entry.requireString("containerID"), entry.requireString("ifname")));
        }
        return List.copyOf(out);
    }

    /**
     * The well-formed entries of a GC config's list (objects with a non-empty containerID and
     * ifname), skipping the others; none when the list is missing or not an array.
     */
    public static List<GcAttachment> parseWellFormed(ObjectNode config) {
        JsonNode list = listNode(config);
        List<GcAttachment> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (JsonNode entry : list) {
                String containerId = entry.path("containerID").asText("");
                String ifName = entry.path("ifname").asText("");
                if (entry.isObject() && entry.path("containerID").isTextual() && entry.path("ifname").isTextual()
                        && !containerId.isEmpty() && !ifName.isEmpty()) {
                    out.add(new GcAttachment(containerId, ifName));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The raw list of a GC config (under the spec's key, else the legacy one), or null when absent. */
    public static JsonNode listNode(ObjectNode config) {
        JsonNode list = config.get(keyOf(config));
        return list == null || list.isNull() ? null : list;
    }

    private static String keyOf(ObjectNode config) {
        return config.has(VALID_ATTACHMENTS) ? VALID_ATTACHMENTS : LEGACY_ATTACHMENTS;
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("containerID", containerId);
        node.put("ifname", ifName);
        return node;
    }

    public static ArrayNode toJson(Collection<GcAttachment> attachments) {
        ArrayNode array = Json.nodes().arrayNode();
        attachments.forEach(a -> array.add(a.toJson()));
        return array;
    }
}
