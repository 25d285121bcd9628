package dev.tether.ipam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The attachments GC must keep: CNI 1.1 {@code cni.dev/valid-attachments} entries
 * ({@code {"containerID": ..., "ifname": ...}}) or the CLI's {@code ID:IF} arguments.
 * An entry without an interface name keeps every interface of its container (the safe reading
 * of an incomplete entry); an entry without a container ID cannot protect anything and is
 * reported as a problem.
 */
public final class ValidAttachments {
    private final Set<String> attachments = new HashSet<>();
    private final Set<String> wholeContainers = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    private ValidAttachments() {
    }

    /** From the {@code cni.dev/valid-attachments} value (null or missing: keep nothing). */
    public static ValidAttachments fromJson(JsonNode list) {
        ValidAttachments v = new ValidAttachments();
        if (list == null || list.isNull()) {
            return v;
        }
        if (!list.isArray()) {
            v.problems.add("cni.dev/valid-attachments is not a list; treated as empty");
            return v;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String where = "cni.dev/valid-attachments[" + i + "]";
            if (!e.isObject()) {
                v.problems.add(where + " is not an object; ignored");
                continue;
            }
            v.add(textOrNull(e.get("containerID")), textOrNull(e.get("ifname")), where);
        }
        return v;
    }

    /** From CLI arguments {@code CONTAINER:IFNAME} or {@code CONTAINER}. */
    public static ValidAttachments fromArgs(List<String> args) {
        ValidAttachments v = new ValidAttachments();
        for (String arg : args) {
            int colon = arg.lastIndexOf(':');
            String id = colon < 0 ? arg : arg.substring(0, colon);
            String ifname = colon < 0 ? null : arg.substring(colon + 1);
            v.add(id.isEmpty() ? null : id, ifname == null || ifname.isEmpty() ? null : ifname, "keep \"" + arg + "\"");
        }
        return v;
    }

    private void add(String containerId, String ifname, String where) {
        if (containerId == null) {
            problems.add(where + " has no containerID; ignored");
        } else if (ifname == null) {
            problems.add(where + " has no ifname; keeping every interface of container " + containerId);
            wholeContainers.add(containerId);
        } else {
            attachments.add(containerId + '\0' + ifname);
        }
    }

    private static String textOrNull(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    public boolean keeps(String containerId, String ifname) {
        return wholeContainers.contains(containerId) || attachments.contains(containerId + '\0' + ifname);
    }

    /** Malformed entries met while parsing. */
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
