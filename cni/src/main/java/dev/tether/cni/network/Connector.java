package dev.tether.cni.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.dns.ContainerNames;
import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.invoke.Attachment;
import dev.tether.cni.invoke.NetworkExecutor;
import dev.tether.cni.invoke.ResultCache;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.plugins.portmap.PortMapPlugin;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Identifiers;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.Result;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.rtnl.link.Link;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code tether network connect} and {@code disconnect}: the network's whole configuration list,
 * ADD in order and DEL in reverse, exactly as a runtime runs it — CNI_ARGS {@code IP=} for
 * requested addresses and {@code K8S_POD_NAME=} for the name (with {@code IgnoreUnknown=1}),
 * capability arguments {@code aliases} (network to aliases, as podman sends them), {@code mac}
 * and {@code portMappings}, and libcni's result cache, so that DEL gets the ADD's result as
 * prevResult and other runtimes can read the entry.
 */
public final class Connector {
    static final String ARG_IP = "IP";
    static final String ARG_NAME = "K8S_POD_NAME";
    private static final String IFNAME_PREFIX = "eth";
    static final String PORT_MAPPINGS = "portMappings";

    private final NetworkEnvironment env;
    private final OutputStream pluginStderr;

    public Connector(NetworkEnvironment env, OutputStream pluginStderr) {
        this.env = env;
        this.pluginStderr = pluginStderr;
    }

    /**
     * What to connect.
     *
     * @param name the container's name, or null
     * @param mac the container interface's MAC, or null for a random one
     * @param ifName null for eth0 on a container's first network, else the next free ethN
     * @param ports to publish (capability {@code portMappings}); a host port of 0 is picked
     */
    public record Request(String network, Path netns, String containerId, String name, List<InetAddress> ips,
                          List<String> aliases, MacAddress mac, String ifName, List<PortSpec> ports) {
        public Request {
            ips = List.copyOf(ips);
            aliases = List.copyOf(aliases);
            ports = List.copyOf(ports);
        }
    }

    /**
     * A container attached: where, the final result of the network's plugins, and the ports
     * published for it (with the host ports picked), read back from the firewall.
     */
    public record Connection(String network, String containerId, String ifName, Result result, NetworkConfigList config,
                             List<PortForward> published) {}

    /**
     * Runs ADD of the network's configuration list. A failed ADD is followed by a DEL (as the spec
     * asks of runtimes), so that nothing half made is left.
     *
     * @throws NetworkException what failed: the network, the namespace, the container ID, a plugin
     */
    public Connection connect(Request request) {
        Network network = env.configDir().require(request.network());
        String problem = Identifiers.containerIdProblem(request.containerId());
        if (problem != null) {
            throw new NetworkException("invalid container ID: " + problem);
        }
        requireResolvable("--name", request.name() == null ? List.of() : List.of(request.name()));
        requireResolvable("--alias", request.aliases());
        Endpoints endpoints = env.endpoints();
        for (Endpoint endpoint : endpoints.of(network.name())) {
            if (endpoint.containerId().equals(request.containerId())) {
                throw new NetworkException("container " + request.containerId() + " is already connected to network "
                        + network.name() + " (" + endpoint.ifName() + "); disconnect it first");
            }
        }
        NetworkConfigList config = load(network);
        if (!request.ports().isEmpty() && config.plugins().stream().noneMatch(p -> p.capabilities().getOrDefault(PORT_MAPPINGS, false))) {
            if (network.bridge() != null && network.bridge().internal()) {
                throw new NetworkException("network " + network.name() + " is internal: nothing reaches its containers from"
                        + " outside, so it publishes no ports; publish them on another network the container joins");
            }
            throw new NetworkException("network " + network.name() + " has no plugin with the " + PORT_MAPPINGS + " capability,"
                    + " so it cannot publish ports; add {\"type\": \"" + PortMapPlugin.TYPE + "\", \"capabilities\": {\""
                    + PORT_MAPPINGS + "\": true}} to the plugins of " + network.file());
        }
        Set<String> interfaces = interfacesOf(request);
        String ifName = request.ifName() != null ? request.ifName() : nextInterface(interfaces);
        Attachment attachment = new Attachment(request.containerId(), request.netns().toString(), ifName, args(request),
                capabilities(request));
        NetworkExecutor executor = env.executor(pluginStderr);
        try {
            Result result = executor.add(config, attachment);
            List<PortForward> published = request.ports().isEmpty() ? List.of()
                    : publishedPorts(new AttachmentKey(network.name(), request.containerId(), ifName));
            return new Connection(network.name(), request.containerId(), ifName, result, config, published);
        } catch (CniException failed) {
            try {
                executor.del(config, attachment);
            } catch (CniException cleanup) {
                // the ADD's error is what the user needs; the DEL is best effort
            }
            throw new NetworkException("cannot connect container " + request.containerId() + " to network " + network.name()
                    + ": " + describe(failed), failed);
        }
    }

    private static void requireResolvable(String option, List<String> names) {
        for (String name : names) {
            String problem = ContainerNames.problem(name);
            if (problem != null) {
                throw new InvalidValueException(option + ": " + problem);
            }
        }
    }

    /** The ports the firewall has for the attachment; none when it cannot be read (the container is connected all the same). */
    private List<PortForward> publishedPorts(AttachmentKey attachment) {
        try {
            return env.firewall().publishedPorts(attachment);
        } catch (NativeException unreadable) {
            return List.of();
        }
    }

    /**
     * Runs DEL of the network's configuration list for every attachment of the container (by ID,
     * start of ID or name; one interface with {@code ifName}), with what its ADD was given, as
     * the cache recorded it.
     *
     * @return the attachments removed
     * @throws NetworkException when the container is not attached, or a plugin's DEL failed
     */
    public List<Endpoint> disconnect(String networkName, String container, String ifName) {
        Network network = env.configDir().require(networkName);
        List<Endpoint> matching = new ArrayList<>();
        for (Endpoint endpoint : env.endpoints().of(network.name())) {
            if (endpoint.matches(container) && (ifName == null || endpoint.ifName().equals(ifName))) {
                matching.add(endpoint);
            }
        }
        if (matching.isEmpty()) {
            throw new NetworkException("container " + container + " is not connected to network " + network.name()
                    + (ifName == null ? "" : " on " + ifName) + " (see 'tether network inspect " + network.name() + "')");
        }
        Set<String> ids = new HashSet<>();
        matching.forEach(e -> ids.add(e.containerId()));
        if (ids.size() > 1) {
            throw new NetworkException("\"" + container + "\" names several containers of network " + network.name() + " "
                    + ids + "; give more of the ID");
        }
        for (Endpoint endpoint : matching) {
            if (env.cache().get(network.name(), endpoint.containerId(), endpoint.ifName()).isEmpty()) {
                // Without the entry neither the namespace nor the veth is known: a DEL would leave both.
                throw new NetworkException("container " + endpoint.containerId() + " (" + endpoint.ifName() + ") has a lease on"
                        + " network " + network.name() + " but no entry in the result cache " + env.cache().fileFor(
                        network.name(), endpoint.containerId(), endpoint.ifName()).getParent() + ": disconnect it with the"
                        + " runtime that connected it (or give its --cache-dir), or remove the network with 'rm --force'");
            }
        }
        NetworkConfigList config = load(network);
        NetworkExecutor executor = env.executor(pluginStderr);
        for (Endpoint endpoint : matching) {
            del(executor, config, network, endpoint);
        }
        return matching;
    }

    /** DEL of one attachment with what the cache recorded for it (or bare, without a cache entry). */
    void del(NetworkExecutor executor, NetworkConfigList config, Network network, Endpoint endpoint) {
        try {
            executor.del(config, attachmentOf(network.name(), endpoint));
        } catch (CniException failed) {
            throw new NetworkException("cannot disconnect container " + endpoint.containerId() + " (" + endpoint.ifName()
                    + ") from network " + network.name() + ": " + describe(failed), failed);
        }
    }

    private Attachment attachmentOf(String network, Endpoint endpoint) {
        Optional<ResultCache.Entry> cached = env.cache().get(network, endpoint.containerId(), endpoint.ifName());
        return cached.map(e -> new Attachment(e.containerId(), e.netns(), e.ifName(), e.cniArgs(), e.capabilityArgs()))
                .orElse(Attachment.of(endpoint.containerId(), endpoint.netns(), endpoint.ifName()));
    }

    /** The network's list as a runtime loads it (with plugins of a NAME/ directory, as libcni does). */
    static NetworkConfigList load(Network network) {
        try {
            return NetworkConfigList.load(network.file());
        } catch (CniException e) {
            throw new NetworkException("network " + network.name() + " (" + network.file() + ") cannot be loaded: "
                    + describe(e), e);
        }
    }

    /** The interfaces the container has or had (its namespace's links and its cached attachments). */
    private Set<String> interfacesOf(Request request) {
        Set<String> taken = new HashSet<>();
        try (Namespace container = Namespace.open(request.netns())) {
            for (Link link : container.links().list()) {
                taken.add(link.name());
            }
        } catch (IllegalArgumentException | NativeException e) {
            throw new NetworkException(request.netns() + " is not a network namespace: " + e.getMessage(), e);
        }
        for (ResultCache.Entry entry : env.cache().list(request.containerId())) {
            taken.add(entry.ifName());
        }
        return taken;
    }

    /** eth0 for the container's first network, else the next ethN it does not have. */
    private static String nextInterface(Set<String> taken) {
        for (int n = 0; ; n++) {
            if (!taken.contains(IFNAME_PREFIX + n)) {
                return IFNAME_PREFIX + n;
            }
        }
    }

    private static CniArgs args(Request request) {
        List<CniArgs.Pair> pairs = new ArrayList<>();
        pairs.add(new CniArgs.Pair(CniArgs.IGNORE_UNKNOWN, "1"));
        if (!request.ips().isEmpty()) {
            pairs.add(new CniArgs.Pair(ARG_IP, String.join(",", request.ips().stream().map(Cidr::format).toList())));
        }
        if (request.name() != null && !request.name().isBlank()) {
            pairs.add(new CniArgs.Pair(ARG_NAME, request.name().strip()));
        }
        return new CniArgs(pairs);
    }

    private static Map<String, JsonNode> capabilities(Request request) {
        Map<String, JsonNode> caps = new LinkedHashMap<>();
        if (!request.aliases().isEmpty()) {
            ObjectNode byNetwork = Json.object();
            ArrayNode aliases = byNetwork.putArray(request.network());
            request.aliases().forEach(aliases::add);
            caps.put("aliases", byNetwork);
        }
        if (request.mac() != null) {
            caps.put("mac", Json.nodes().textNode(request.mac().toString()));
        }
        if (!request.ports().isEmpty()) {
            caps.put(PORT_MAPPINGS, PortSpec.toJson(request.ports()));
        }
        return caps;
    }

    static String describe(CniException e) {
        return e.getMessage() + (e.details() == null || e.details().isEmpty() ? "" : " (" + e.details() + ")");
    }
}
