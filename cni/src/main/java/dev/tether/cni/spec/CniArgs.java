package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The CNI_ARGS pairs, "K1=V1;K2=V2", in order. A value may itself contain '='; a pair without
 * '=' or with an empty key is malformed. Empty segments (a trailing ';') are ignored.
 */
public record CniArgs(List<Pair> pairs) {
    public static final CniArgs NONE = new CniArgs(List.of());

    /** The reference's convention: a plugin must reject unknown keys unless this one is true. */
    public static final String IGNORE_UNKNOWN = "IgnoreUnknown";

    public record Pair(String key, String value) {}

    public CniArgs {
        pairs = List.copyOf(pairs);
    }

    /**
     * Parses a CNI_ARGS value.
     *
     * @throws CniException code 4 naming CNI_ARGS and the bad pair
     */
    public static CniArgs parse(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        List<Pair> pairs = new ArrayList<>();
        for (String segment : text.split(";", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            int eq = segment.indexOf('=');
            if (eq <= 0) {
                throw CniException.invalidEnv(EnvVar.ARGS,
                        "has a malformed pair \"" + segment + "\" (expected KEY=VALUE pairs separated by ';')");
            }
            pairs.add(new Pair(segment.substring(0, eq), segment.substring(eq + 1)));
        }
        return new CniArgs(pairs);
    }

    /** The value of the last pair with this key (case-sensitive), if any. */
    public Optional<String> get(String key) {
        String found = null;
        for (Pair pair : pairs) {
            if (pair.key.equals(key)) {
                found = pair.value;
            }
        }
        return Optional.ofNullable(found);
    }

    public boolean ignoreUnknown() {
        return pairs.stream().anyMatch(p -> p.key.equalsIgnoreCase(IGNORE_UNKNOWN)
                && (p.value.equals("1") || p.value.equalsIgnoreCase("true")));
    }

    /**
     * Rejects keys a plugin does not know, unless IgnoreUnknown is set (the reference's rule).
     *
     * @throws CniException code 4 listing the unknown keys
     */
    public void requireKnown(Collection<String> known) {
        if (ignoreUnknown()) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        for (Pair pair : pairs) {
            if (!known.contains(pair.key) && !pair.key.equalsIgnoreCase(IGNORE_UNKNOWN)) {
                unknown.add(pair.key);
            }
        }
        if (!unknown.isEmpty()) {
            throw CniException.invalidEnv(EnvVar.ARGS, "has unknown keys " + unknown
                    + " (known: " + known + "; add IgnoreUnknown=1 to ignore them)");
        }
    }

    /** The CNI_ARGS text of these pairs. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Pair pair : pairs) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(pair.key).append('=').append(pair.value);
        }
        return out.toString();
    }

    /** libcni's cache form: [["K","V"], ...]. */
    public ArrayNode toJson() {
        ArrayNode array = Json.nodes().arrayNode();
        for (Pair pair : pairs) {
            array.addArray().add(pair.key).add(pair.value);
        }
        return array;
    }

    /** Reads libcni's cache form; anything that is not a list of string pairs yields NONE. */
    public static CniArgs fromJson(JsonNode node) {
        if (node == null || !node.isArray()) {
            return NONE;
        }
        List<Pair> pairs = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (item.isArray() && item.size() == 2 && item.get(0).isTextual() && item.get(1).isTextual()) {
                pairs.add(new Pair(item.get(0).textValue(), item.get(1).textValue()));
            }
        }
        return new CniArgs(pairs);
    }
}
