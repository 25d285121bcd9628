package dev.tether.cni.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.spec.Json;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.nft.Nftables;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What one nft list command showed, read from libnftables' JSON: the rules (chain, handle,
 * comment) and the set elements (set, key, comment). A listing of something that does not exist
 * is {@link #absent()}.
 */
record Listing(boolean exists, List<Rule> rules, List<Element> elements) {

    record Rule(String chain, long handle, String comment) {}

    /** @param key the element's value, one string per part of a concatenation */
    record Element(String set, List<String> key, String comment) {}

    static Listing absent() {
        return new Listing(false, List.of(), List.of());
    }

    /** Runs a list command, e.g. "list chain inet tether postrouting", in the namespace. */
    static Listing of(NetNs ns, String listCommand) {
        try {
            return parse(Nftables.runJson(ns, listCommand));
        } catch (NotFoundException missing) {
            return absent();
        }
    }

    static Listing parse(String json) {
        List<Rule> rules = new ArrayList<>();
        List<Element> elements = new ArrayList<>();
        for (JsonNode item : Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "nft listing").path("nftables")) {
            JsonNode rule = item.get("rule");
            if (rule != null) {
                rules.add(new Rule(rule.path("chain").asText(), rule.path("handle").asLong(),
                        rule.path("comment").asText(null)));
            }
            JsonNode set = item.get("set");
            if (set != null) {
                for (JsonNode elem : set.path("elem")) {
                    elements.add(element(set.path("name").asText(), elem));
                }
            }
        }
        return new Listing(true, List.copyOf(rules), List.copyOf(elements));
    }

    /** An element is a bare value, or {"elem": {"val": ..., "comment": ...}} when it has a comment. */
    private static Element element(String set, JsonNode elem) {
        JsonNode wrapped = elem.get("elem");
        JsonNode value = wrapped != null ? wrapped.path("val") : elem;
        String comment = wrapped != null ? wrapped.path("comment").asText(null) : null;
        List<String> key = new ArrayList<>();
        if (value.has("concat")) {
            value.get("concat").forEach(part -> key.add(part.asText()));
        } else {
            key.add(value.asText());
        }
        return new Element(set, List.copyOf(key), comment);
    }

    List<Rule> rulesCommented(String commentPrefix) {
        return rules.stream().filter(r -> r.comment() != null && r.comment().startsWith(commentPrefix)).toList();
    }
}
