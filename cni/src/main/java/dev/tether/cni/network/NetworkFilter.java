package dev.tether.cni.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * {@code tether network ls --filter KEY=VALUE}, Docker's keys and rules: {@code name} (part of
 * the name), {@code id} (start of the ID), {@code driver}, {@code label} ({@code KEY} or
 * {@code KEY=VALUE}), {@code dangling} ({@code true}: no container). Values of one key widen
 * the match (any of them), different keys narrow it (all of them).
 */
public final class NetworkFilter {
    /** Whether a network (with its number of containers) passes one value. */
    private static final Map<String, BiPredicate<Summary, String>> KEYS = new LinkedHashMap<>();

    /** What a filter looks at. */
    public record Summary(Network network, int containers) {}

    static {
        KEYS.put("name", (s, v) -> s.network().name().contains(v));
        KEYS.put("id", (s, v) -> !s.network().id().isEmpty() && s.network().id().startsWith(v));
        KEYS.put("driver", (s, v) -> s.network().driver().equals(v));
        KEYS.put("label", NetworkFilter::hasLabel);
        KEYS.put("dangling", (s, v) -> (s.containers() == 0) == Boolean.parseBoolean(v));
    }

    private final Map<String, List<String>> values;

    private NetworkFilter(Map<String, List<String>> values) {
        this.values = values;
    }

    /** @throws InvalidValueException for a filter that is not KEY=VALUE with a known key */
    public static NetworkFilter parse(List<String> filters) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            String key = eq < 0 ? filter : filter.substring(0, eq);
            if (eq <= 0 || !KEYS.containsKey(key)) {
                throw new InvalidValueException("bad filter \"" + filter + "\": use KEY=VALUE with KEY one of "
                        + String.join(", ", KEYS.keySet()));
            }
            String value = filter.substring(eq + 1);
            if (key.equals("dangling") && !value.equals("true") && !value.equals("false")) {
                throw new InvalidValueException("bad filter \"" + filter + "\": dangling is true or false");
            }
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return new NetworkFilter(values);
    }

    public boolean test(Summary summary) {
        return values.entrySet().stream()
                .allMatch(e -> e.getValue().stream().anyMatch(v -> KEYS.get(e.getKey()).test(summary, v)));
    }

    private static boolean hasLabel(Summary summary, String filter) {
        Map<String, String> labels = summary.network().meta().map(TetherMeta::labels).orElse(Map.of());
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
