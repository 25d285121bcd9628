package dev.tether.cni.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.plugins.ipam.IpamPlugin;
import dev.tether.cni.plugins.portmap.PortMapPlugin;
import dev.tether.cni.spec.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The configuration list of a network Tether creates, built plugin by plugin (a later plugin,
 * e.g. port mapping, is one more {@link #add}):
 *
 * <pre>
 * {"cniVersion": "1.0.0", "cniVersions": ["0.4.0", "1.0.0", "1.1.0"], "name": NAME,
 *  "plugins": [{"type": "tether-bridge", "bridge": ..., "isGateway": true, "tetherDns": true, "ipMasq": ..., ...,
 *               "capabilities": {"ips": true, "mac": true, "aliases": true},
 *               "ipam": {"type": "tether-ipam", "ranges": [[{"subnet", "gateway", ...}], ...],
 *                        "routes": [{"dst": "0.0.0.0/0"}, ...]}},
 *              {"type": "tether-portmap", "capabilities": {"portMappings": true}}],   # not for --internal
 *  "tether": {"id", "created", "driver", "labels", "options"}}
 * </pre>
 *
 * {@code cniVersion} 1.0.0 is what libcni before 1.2 (podman 4.3's) runs; newer runtimes take
 * the highest of {@code cniVersions} they know (1.1.0).
 */
public final class Conflist {
    public static final String CNI_VERSION = "1.0.0";
    public static final List<String> CNI_VERSIONS = List.of("0.4.0", "1.0.0", "1.1.0");

    private final ObjectNode root = Json.object();
    private final ArrayNode plugins;

    private Conflist(String name) {
        root.put("cniVersion", CNI_VERSION);
        CNI_VERSIONS.forEach(root.putArray("cniVersions")::add);
        root.put("name", name);
        plugins = root.putArray("plugins");
    }

    public static Conflist named(String name) {
        return new Conflist(name);
    }

    /**
     * The conflist of a planned network: tether-bridge with tether-ipam, tether-portmap (unless
     * the network is internal: like Docker's, it publishes no ports), and Tether's record.
     */
    public static Conflist of(NetworkPlan plan) {
        Conflist conflist = named(plan.name()).add(bridgeEntry(plan));
        if (!plan.internal()) {
            conflist.add(portMapEntry());
        }
        return conflist.with(plan.meta());
    }

    /** Appends a plugin entry (runs after those already added). */
    public Conflist add(ObjectNode plugin) {
        plugins.add(plugin);
        return this;
    }

    public Conflist with(TetherMeta meta) {
        root.set(TetherMeta.KEY, meta.toJson());
        return this;
    }

    public ObjectNode json() {
        return root.deepCopy();
    }

    /** The file's bytes: indented, ending with a newline. */
    public byte[] bytes() {
        return (Json.pretty(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The tether-bridge entry: the bridge as the subnets' gateway, the policy, the capabilities runtimes fill in. */
    static ObjectNode bridgeEntry(NetworkPlan plan) {
        ObjectNode bridge = Json.object();
        bridge.put("type", BridgePlugin.TYPE);
        bridge.put("bridge", plan.bridge());
        bridge.put("isGateway", true);
        bridge.put("tetherDns", true); // containers resolve each other through the tether daemon on the gateway
        bridge.put("ipMasq", plan.ipMasq());
        if (plan.internal()) {
            bridge.put("internal", true);
        }
        if (!plan.icc()) {
            bridge.put("portIsolation", true);
        }
        bridge.put("hairpinMode", true);
        if (plan.mtu() > 0) {
            bridge.put("mtu", plan.mtu());
        }
        ObjectNode capabilities = bridge.putObject("capabilities");
        capabilities.put("ips", true);
        capabilities.put("mac", true);
        capabilities.put("aliases", true);
        bridge.set("ipam", ipam(plan));
        return bridge;
    }

    /** tether-portmap, receiving the runtime's port mappings. */
    static ObjectNode portMapEntry() {
        ObjectNode portmap = Json.object();
        portmap.put("type", PortMapPlugin.TYPE);
        portmap.putObject("capabilities").put(Connector.PORT_MAPPINGS, true);
        return portmap;
    }

    /** tether-ipam with one range set per subnet, and a default route per family unless the network is internal. */
    private static ObjectNode ipam(NetworkPlan plan) {
        ObjectNode ipam = Json.object();
        ipam.put("type", IpamPlugin.TYPE);
        ArrayNode ranges = ipam.putArray("ranges");
        plan.subnets().forEach(subnet -> ranges.addArray().add(subnet.toRange()));
        ArrayNode routes = ipam.putArray("routes");
        if (!plan.internal()) {
            plan.subnets().stream().map(Subnet::isIpv6).distinct()
                    .forEach(ipv6 -> routes.addObject().put("dst", ipv6 ? "::/0" : "0.0.0.0/0"));
        }
        return ipam;
    }
}
