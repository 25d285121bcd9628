package dev.tether.cni.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.firewall.PortForward.Protocol;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Json;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One port to publish, as {@code tether network connect -p} takes it (Docker's syntax) and as
 * the {@code portMappings} capability carries it to the network's plugins.
 *
 * @param hostIp null for every address of the host
 * @param hostPort 0 for a free port the plugin picks
 */
public record PortSpec(Protocol protocol, InetAddress hostIp, int hostPort, int containerPort) {

    /**
     * Docker's {@code [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]}: an IPv6 address in brackets, a
     * missing or empty host port for a picked one, ranges of equal length ({@code 8000-8009:80-89})
     * for several.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static List<PortSpec> parse(String text) {
        String rest = text.strip();
        Protocol protocol = Protocol.TCP;
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            protocol = Protocol.parse(rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        InetAddress hostIp = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("\"" + text + "\": an IPv6 address in brackets must be followed by ':'");
            }
            hostIp = address(rest.substring(1, close), text);
            rest = rest.substring(close + 2);
        }
        String[] parts = rest.split(":", -1);
        if (hostIp == null && parts.length == 3) {
            hostIp = address(parts[0], text);
            parts = new String[] {parts[1], parts[2]};
        }
        if (parts.length > 2 || (hostIp != null && parts.length != 2)) {
            throw new IllegalArgumentException("\"" + text + "\" is not [IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]");
        }
        int[] container = range(parts[parts.length - 1], text);
        int[] host = parts.length == 2 && !parts[0].isEmpty() ? range(parts[0], text) : null;
        if (host != null && host[1] - host[0] != container[1] - container[0]) {
            throw new IllegalArgumentException("\"" + text + "\": the host and container port ranges differ in length");
        }
        List<PortSpec> specs = new ArrayList<>();
        for (int i = 0; i <= container[1] - container[0]; i++) {
            specs.add(new PortSpec(protocol, hostIp, host == null ? 0 : host[0] + i, container[0] + i));
        }
        return specs;
    }

    /** Docker's {@code --expose PORT[/PROTOCOL]} published with {@code -P}: on a picked port of every address. */
    public static List<PortSpec> exposed(String text) {
        if (text.contains(":")) {
            throw new IllegalArgumentException("\"" + text + "\": --expose takes CONTAINER_PORT[/PROTOCOL] (ranges allowed)");
        }
        return parse(text);
    }

    /** {@code {"hostPort", "containerPort", "protocol", "hostIP"}} as the CNI conventions write it (no hostIP for every address). */
    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("hostPort", hostPort);
        node.put("containerPort", containerPort);
        node.put("protocol", protocol.label());
        if (hostIp != null) {
            node.put("hostIP", Cidr.format(hostIp));
        }
        return node;
    }

    public static ArrayNode toJson(Collection<PortSpec> specs) {
        ArrayNode array = Json.nodes().arrayNode();
        specs.forEach(spec -> array.add(spec.toJson()));
        return array;
    }

    private static InetAddress address(String text, String spec) {
        try {
            return Cidr.parseAddress(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + spec + "\": " + e.getMessage());
        }
    }

    private static int[] range(String text, String spec) {
        String[] ends = text.split("-", -1);
        if (ends.length > 2) {
            throw new IllegalArgumentException("\"" + spec + "\": \"" + text + "\" is not a port or a range FIRST-LAST");
        }
        int first = port(ends[0], spec);
        int last = ends.length == 2 ? port(ends[1], spec) : first;
        if (last < first) {
            throw new IllegalArgumentException("\"" + spec + "\": the range " + text + " ends before it starts");
        }
        return new int[] {first, last};
    }

    private static int port(String text, String spec) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + spec + "\": \"" + text + "\" is not a port (1-65535)");
    }
}
