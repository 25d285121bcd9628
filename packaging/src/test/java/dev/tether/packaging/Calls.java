package dev.tether.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** CNI calls of installed plugins, and what their answers mean. */
final class Calls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Calls() {}

    /** The CNI environment of a call for the container namespace (by name), plus extra variables. */
    static Map<String, String> env(String command, String containerId, String containerNs, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", "/run/netns/" + containerNs);
        env.put("CNI_IFNAME", "eth0");
        env.putIfAbsent("CNI_PATH", Tree.CNI.toString());
        return env;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The config with the ADD result as prevResult (for CHECK and DEL). */
    static String withPrevResult(String config, String result) {
        return config.substring(0, config.lastIndexOf('}')) + ",\"prevResult\":" + result.strip() + "}";
    }

    /** The first address of a result, e.g. "10.61.0.2/24". */
    static String address(String result) {
        return json(result).path("ips").path(0).path("address").asText();
    }

    /** A result with what differs between two equal runs (random MACs and veth names) blanked. */
    static String normalized(String stdout) {
        return stdout.replaceAll("\"mac\":\"[0-9a-f:]+\"", "\"mac\":\"*\"").replaceAll("veth[0-9a-f]{8}", "veth*");
    }
}
