package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * DNS settings of a result or a config.
 *
 * @param domain may be null
 */
public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
    public static final Dns EMPTY = new Dns(List.of(), null, List.of(), List.of());

    public Dns {
        nameservers = nameservers == null ? List.of() : List.copyOf(nameservers);
        search = search == null ? List.of() : List.copyOf(search);
        options = options == null ? List.of() : List.copyOf(options);
        domain = domain == null || domain.isEmpty() ? null : domain;
    }

    public boolean isEmpty() {
        return nameservers.isEmpty() && domain == null && search.isEmpty() && options.isEmpty();
    }

    /** Reads a "dns" object; absent means {@link #EMPTY}. */
    public static Dns fromJson(JsonFields dns) {
        if (dns == null) {
            return EMPTY;
        }
        return new Dns(dns.stringList("nameservers"), dns.optString("domain"),
                dns.stringList("search"), dns.stringList("options"));
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        putList(node, "nameservers", nameservers);
        if (domain != null) {
            node.put("domain", domain);
        }
        putList(node, "search", search);
        putList(node, "options", options);
        return node;
    }

    private static void putList(ObjectNode node, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(key);
            values.forEach(array::add);
        }
    }
}
