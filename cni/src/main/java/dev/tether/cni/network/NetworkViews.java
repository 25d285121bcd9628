package dev.tether.cni.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.firewall.MappedPort;
import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Json;
import java.net.InetAddress;
import java.util.List;

/**
 * The JSON of {@code tether network ls --json} (one summary per network) and of
 * {@code tether network inspect} (everything: settings, subnets, containers, the conflist).
 */
public final class NetworkViews {
    private NetworkViews() {}

    /** name, id, driver, bridge, subnets, containers (a count), internal, createdByTether, file. */
    public static ObjectNode summary(Network network, List<Endpoint> endpoints) {
        ObjectNode node = Json.object();
        node.put("name", network.name());
        node.put("id", network.id());
        node.put("driver", network.driver());
        node.put("bridge", network.bridge() == null ? null : network.bridge().name());
        ArrayNode subnets = node.putArray("subnets");
        network.subnets().forEach(s -> subnets.add(s.subnet().toString()));
        node.put("containers", endpoints.size());
        node.put("internal", network.bridge() != null && network.bridge().internal());
        node.put("createdByTether", network.createdByTether());
        node.put("file", network.file().toString());
        return node;
    }

    /** Everything about a network, with each container's addresses, MAC and namespace. */
    public static ObjectNode inspect(Network network, List<Endpoint> endpoints) {
        return inspect(network, endpoints, null);
    }

    /**
     * Everything about a network, with each container's addresses, MAC, namespace and published
     * ports ({@code "ports"}: protocol, hostIP, hostPort, containerIP, containerPort; hostIP
     * "0.0.0.0" or "::" for every address of the family).
     *
     * @param published every port the firewall publishes, or null when they are unknown (no "ports" then)
     */
    public static ObjectNode inspect(Network network, List<Endpoint> endpoints, List<MappedPort> published) {
        ObjectNode node = Json.object();
        node.put("name", network.name());
        node.put("id", network.id());
        node.put("created", network.meta().map(m -> m.created() == null ? null : m.created().toString()).orElse(null));
        node.put("driver", network.driver());
        node.put("createdByTether", network.createdByTether());
        node.put("file", network.file().toString());
        node.put("cniVersion", network.config().cniVersion().label());
        Network.BridgeSettings bridge = network.bridge();
        node.put("bridge", bridge == null ? null : bridge.name());
        node.put("internal", bridge != null && bridge.internal());
        node.put("icc", bridge == null || bridge.icc());
        node.put("ipMasq", bridge != null && bridge.ipMasq());
        node.put("mtu", bridge == null ? 0 : bridge.mtu());
        node.put("ipv6", network.subnets().stream().anyMatch(Subnet::isIpv6));
        ArrayNode subnets = node.putArray("subnets");
        for (Subnet subnet : network.subnets()) {
            ObjectNode s = subnets.addObject();
            s.put("subnet", subnet.subnet().toString());
            s.put("gateway", format(subnet.gateway()));
            s.put("rangeStart", format(subnet.rangeStart()));
            s.put("rangeEnd", format(subnet.rangeEnd()));
        }
        ObjectNode labels = node.putObject("labels");
        ObjectNode options = node.putObject("options");
        network.meta().ifPresent(m -> {
            m.labels().forEach(labels::put);
            m.options().forEach(options::put);
        });
        ArrayNode containers = node.putArray("containers");
        for (Endpoint e : endpoints) {
            ObjectNode c = containers.addObject();
            c.put("container", e.containerId());
            c.put("name", e.name());
            c.put("ifname", e.ifName());
            e.addresses().forEach(c.putArray("addresses")::add);
            c.put("mac", e.mac());
            c.put("netns", e.netns());
            c.put("hostInterface", e.hostInterface());
            e.aliases().forEach(c.putArray("aliases")::add);
            if (published != null) {
                ArrayNode ports = c.putArray("ports");
                AttachmentKey key = new AttachmentKey(network.name(), e.containerId(), e.ifName());
                published.stream().filter(m -> m.ownedBy(key)).map(MappedPort::forward).sorted(PortForward.ORDER)
                        .forEach(f -> ports.add(port(f)));
            }
        }
        node.set("config", network.json());
        return node;
    }

    private static ObjectNode port(PortForward forward) {
        ObjectNode port = Json.object();
        port.put("protocol", forward.protocol().label());
        port.put("hostIP", forward.hostIp() != null ? Cidr.format(forward.hostIp()) : forward.isIpv6() ? "::" : "0.0.0.0");
        port.put("hostPort", forward.hostPort());
        port.put("containerIP", Cidr.format(forward.containerIp()));
        port.put("containerPort", forward.containerPort());
        return port;
    }

    private static String format(InetAddress address) {
        return address == null ? null : Cidr.format(address);
    }
}
