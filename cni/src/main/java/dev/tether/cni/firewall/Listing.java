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
 * comment) and the elements of sets and maps (set, key, data, comment). A listing of something
 * that does not exist is {@link #absent()}.
 */
record Listing(boolean exists, List<Rule> rules, List<Element> elements) {

    record Rule(String chain, long handle, String comment) {}

    /**
     * @param key the element's value, one string per part of a concatenation (a prefix as
     *     "addr/len", a port as its number)
     * @param data what a map element maps to, likewise; empty for a set element
     */
    record Element(String set, List<String> key, List<String> data, String comment) {
        Element(String set, List<String> key, String comment) {
            this(set, key, List.of(), comment);
        }
    }

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
            JsonNode set = item.has("set") ? item.get("set") : item.get("map");
            if (set != null) {
                boolean map = item.has("map");
                for (JsonNode elem : set.path("elem")) {
                    elements.add(map ? mapElement(set.path("name").asText(), elem) : element(set.path("name").asText(), elem));
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
        return new Element(set, parts(value), comment);
    }

    /** A map element is [key element, data], the key element as in a set. */
    private static Element mapElement(String map, JsonNode pair) {
        Element key = element(map, pair.path(0));
        return new Element(map, key.key(), parts(pair.path(1)), key.comment());
    }

    /** A value's parts: one per member of a concatenation, prefixes as "addr/len". */
    private static List<String> parts(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value.has("concat")) {
            value.get("concat").forEach(part -> out.add(part(part)));
        } else {
            out.add(part(value));
        }
        return List.copyOf(out);
    }

    private static String part(JsonNode value) {
        JsonNode prefix = value.get("prefix");
        return prefix != null ? prefix.path("addr").asText() + "/" + prefix.path("len").asInt() : value.asText();
    }

    List<Rule> rulesCommented(String commentPrefix) {
        return rules.stream().filter(r -> r.comment() != null && r.comment().startsWith(commentPrefix)).toList();
    }
}
