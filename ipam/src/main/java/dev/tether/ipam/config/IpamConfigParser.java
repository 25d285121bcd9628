package dev.tether.ipam.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.ipam.IpamException.InvalidConfig;
import dev.tether.ipam.Json;
import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses the host-local {@code ipam} section (plus our keys {@code exclude} and
 * {@code daemonSocket}) with host-local's defaults and checks:
 * <ul>
 *   <li>{@code ranges} (list of range sets) and/or the legacy single {@code subnet},
 *       {@code rangeStart}, {@code rangeEnd}, {@code gateway} (prepended, as host-local does);
 *       runtimeConfig {@code ipRanges} are prepended before both;</li>
 *   <li>gateway defaults to the subnet's first address; rangeStart to the first address;
 *       rangeEnd to the last address before the broadcast (IPv4) or the last address (IPv6);</li>
 *   <li>subnets smaller than /30 (/126) are refused, as are host bits, mixed families inside a
 *       range set, range bounds outside the subnet and overlapping ranges.</li>
 * </ul>
 * Unknown keys are ignored, as host-local ignores them.
 */
public final class IpamConfigParser {
    /** CNI network name rule (SPEC section 1). */
    private static final JsonFactory STREAMING = new JsonFactory();
    private static final Pattern NETWORK_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    private IpamConfigParser() {
    }

    /** Parses a whole plugin configuration (CNI stdin): {@code name}, {@code ipam}, runtimeConfig. */
    public static IpamConfig parseNetworkConfig(byte[] json) throws InvalidConfig {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidConfig("network configuration is not valid JSON: " + e.getMessage());
        }
        return parseNetworkConfig(root);
    }

    /** As {@link #parseNetworkConfig(byte[])}, from an already decoded tree. */
    public static IpamConfig parseNetworkConfig(JsonNode root) throws InvalidConfig {
        if (root == null || !root.isObject()) {
            throw new InvalidConfig("network configuration must be a JSON object");
        }
        String network = text(root, "name", "name");
        if (network == null) {
            throw new InvalidConfig("name: missing network name");
        }
        JsonNode ipam = root.get("ipam");
        if (ipam == null || !ipam.isObject()) {
            throw new InvalidConfig("ipam: missing 'ipam' section");
        }
        JsonNode runtimeConfig = root.get("runtimeConfig");
        JsonNode ipRanges = runtimeConfig == null ? null : runtimeConfig.get("ipRanges");
        IpamConfig config = parseIpam(network, ipam, ipRanges);
        if (config.daemonSocket() == null) {
            String topSocket = text(root, "daemonSocket", "daemonSocket");
            if (topSocket != null) {
                return new IpamConfig(config.definition(), config.routes(), config.dataDir(),
                        config.resolvConf(), topSocket);
            }
        }
        return config;
    }

    /**
     * Parses an {@code ipam} object for network {@code network}.
     *
     * @param runtimeIpRanges runtimeConfig {@code ipRanges} (list of range sets) or null
     */
    public static IpamConfig parseIpam(String network, JsonNode ipam, JsonNode runtimeIpRanges)
            throws InvalidConfig {
        if (network == null || !NETWORK_NAME.matcher(network).matches()) {
            throw new InvalidConfig("name: invalid network name \"" + network
                    + "\" (letters, digits, '_', '.', '-'; starting with a letter or digit)");
        }
        List<RangeSet> sets = new ArrayList<>();
        if (runtimeIpRanges != null && !runtimeIpRanges.isNull()) {
            sets.addAll(rangeSets(runtimeIpRanges, "runtimeConfig.ipRanges"));
        }
        if (ipam.hasNonNull("subnet")) {
            sets.add(new RangeSet(List.of(range(ipam, "ipam"))));
        }
        if (ipam.hasNonNull("ranges")) {
            sets.addAll(rangeSets(ipam.get("ranges"), "ipam.ranges"));
        }
        if (sets.isEmpty()) {
            throw new InvalidConfig("ipam: no IP ranges specified (set 'ranges' or 'subnet')");
        }
        for (int i = 0; i < sets.size(); i++) {
            for (int j = i + 1; j < sets.size(); j++) {
                if (sets.get(i).overlaps(sets.get(j))) {
                    throw new InvalidConfig("ipam: range set " + i + " (" + sets.get(i)
                            + ") overlaps with range set " + j + " (" + sets.get(j) + ")");
                }
            }
        }
        NetworkDefinition definition = new NetworkDefinition(network, sets, exclude(ipam));
        return new IpamConfig(definition, routes(ipam), text(ipam, "dataDir", "ipam.dataDir"),
                text(ipam, "resolvConf", "ipam.resolvConf"), text(ipam, "daemonSocket", "ipam.daemonSocket"));
    }

    /**
     * A network's definition in its stored form: a canonical {@code ipam} section. Written with
     * the streaming generator: it runs inside the store transaction of every ADD, where a
     * cold databind mapper would add a few hundred ms of lock time in a fresh process.
     */
    public static String definitionToJson(NetworkDefinition definition) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = STREAMING.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("ranges");
            for (RangeSet set : definition.rangeSets()) {
                g.writeStartArray();
                for (Range r : set.ranges()) {
                    g.writeStartObject();
                    g.writeStringField("subnet", r.subnet().toString());
                    g.writeStringField("rangeStart", r.rangeStart().toString());
                    g.writeStringField("rangeEnd", r.rangeEnd().toString());
                    g.writeStringField("gateway", r.gateway().toString());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("exclude");
            for (IpPrefix p : definition.exclude()) {
                g.writeString(p.toString());
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    /** Reads back {@link #definitionToJson}. */
    public static NetworkDefinition definitionFromJson(String network, String json) throws InvalidConfig {
        try {
            return parseIpam(network, Json.MAPPER.readTree(json), null).definition();
        } catch (JsonProcessingException e) {
            throw new InvalidConfig("stored definition of network " + network + " is not JSON: " + e.getMessage());
        }
    }

    private static List<RangeSet> rangeSets(JsonNode node, String path) throws InvalidConfig {
        if (!node.isArray()) {
            throw new InvalidConfig(path + ": must be a list of range sets (lists of ranges)");
        }
        List<RangeSet> sets = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            sets.add(rangeSet(node.get(i), path + "[" + i + "]"));
        }
        return sets;
    }

    private static RangeSet rangeSet(JsonNode node, String path) throws InvalidConfig {
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidConfig(path + ": a range set must be a non-empty list of ranges");
        }
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Range r = range(node.get(i), path + "[" + i + "]");
            if (!ranges.isEmpty() && ranges.get(0).isV6() != r.isV6()) {
                throw new InvalidConfig(path + ": mixed address families in one range set");
            }
            for (Range other : ranges) {
                if (other.overlaps(r)) {
                    throw new InvalidConfig(path + ": ranges " + other + " and " + r + " overlap");
                }
            }
            ranges.add(r);
        }
        return new RangeSet(ranges);
    }

    private static Range range(JsonNode node, String path) throws InvalidConfig {
        if (!node.isObject()) {
            throw new InvalidConfig(path + ": a range must be an object with 'subnet'");
        }
        String subnetText = text(node, "subnet", path + ".subnet");
        if (subnetText == null) {
            throw new InvalidConfig(path + ".subnet: missing");
        }
        IpPrefix subnet = prefix(subnetText, path + ".subnet");
        if (subnet.prefixLength() > subnet.maxLength() - 2) {
            throw new InvalidConfig(path + ".subnet: network " + subnet + " too small to allocate from");
        }
        if (subnet.hasHostBits()) {
            throw new InvalidConfig(path + ".subnet: " + subnet + " has host bits set; for a /"
                    + subnet.prefixLength() + " the network address is " + subnet.firstIp());
        }
        IpAddress gateway = optionalAddress(node, "gateway", path, subnet);
        if (gateway == null) {
            gateway = subnet.firstIp().next();
        }
        IpAddress start = optionalAddress(node, "rangeStart", path, subnet);
        if (start == null) {
            start = subnet.firstIp().next();
        } else if (!subnet.contains(start)) {
            throw new InvalidConfig(path + ".rangeStart: " + start + " not in network " + subnet);
        }
        IpAddress end = optionalAddress(node, "rangeEnd", path, subnet);
        if (end == null) {
            end = subnet.isIpv6() ? subnet.lastIp() : subnet.lastIp().previous();
        } else if (!subnet.contains(end)) {
            throw new InvalidConfig(path + ".rangeEnd: " + end + " not in network " + subnet);
        }
        if (start.compareTo(end) > 0) {
            throw new InvalidConfig(path + ": rangeStart " + start + " is after rangeEnd " + end);
        }
        return new Range(subnet, start, end, gateway);
    }

    private static IpAddress optionalAddress(JsonNode node, String key, String path, IpPrefix subnet)
            throws InvalidConfig {
        String text = text(node, key, path + "." + key);
        if (text == null) {
            return null;
        }
        IpAddress a = address(text, path + "." + key);
        if (a.isV6() != subnet.isIpv6()) {
            throw new InvalidConfig(path + "." + key + ": " + a + " is not of the family of " + subnet);
        }
        return a;
    }

    private static List<IpPrefix> exclude(JsonNode ipam) throws InvalidConfig {
        return optionalList(ipam, "exclude", "addresses or CIDRs", (e, path) -> {
            if (!e.isTextual()) {
                throw new InvalidConfig(path + ": must be an address or CIDR string");
            }
            try {
                return IpPrefix.parseAddressOrPrefix(e.asText()).network();
            } catch (IllegalArgumentException ex) {
                throw new InvalidConfig(path + ": " + ex.getMessage());
            }
        });
    }

    private static List<Route> routes(JsonNode ipam) throws InvalidConfig {
        return optionalList(ipam, "routes", "{\"dst\": CIDR, \"gw\": address}", (r, path) -> {
            if (!r.isObject()) {
                throw new InvalidConfig(path + ": must be an object with 'dst'");
            }
            String dst = text(r, "dst", path + ".dst");
            if (dst == null) {
                throw new InvalidConfig(path + ".dst: missing");
            }
            String gw = text(r, "gw", path + ".gw");
            return new Route(prefix(dst, path + ".dst"), gw == null ? null : address(gw, path + ".gw"),
                    integer(r, "mtu", path), integer(r, "advmss", path), integer(r, "priority", path),
                    integer(r, "table", path), integer(r, "scope", path));
        });
    }

    /** The list under {@code ipam.<key>}, each element parsed; empty when the key is absent. */
    private static <T> List<T> optionalList(JsonNode ipam, String key, String elements, ElementParser<T> parser)
            throws InvalidConfig {
        JsonNode node = ipam.get(key);
        List<T> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        String path = "ipam." + key;
        if (!node.isArray()) {
            throw new InvalidConfig(path + ": must be a list of " + elements);
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(parser.parse(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    @FunctionalInterface
    private interface ElementParser<T> {
        T parse(JsonNode element, String path) throws InvalidConfig;
    }

    private static String text(JsonNode node, String key, String path) throws InvalidConfig {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidConfig(path + ": must be a string");
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static Integer integer(JsonNode node, String key, String path) throws InvalidConfig {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
            throw new InvalidConfig(path + "." + key + ": must be a non-negative integer");
        }
        return v.asInt();
    }

    private static IpAddress address(String text, String path) throws InvalidConfig {
        try {
            return IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfig(path + ": " + e.getMessage());
        }
    }

    private static IpPrefix prefix(String text, String path) throws InvalidConfig {
        try {
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfig(path + ": " + e.getMessage());
        }
    }
}
