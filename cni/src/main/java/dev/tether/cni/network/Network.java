package dev.tether.cni.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.firewall.NetworkRules;
import dev.tether.cni.net.Prefixes;
import dev.tether.cni.plugins.bridge.BridgeConfig;
import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.IpamConfig;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.JsonFields;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.PluginConfig;
import dev.tether.cni.spec.PluginEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network of the CNI config directory, whoever wrote it: its file, its configuration list and
 * what Tether reads out of it — the bridge plugin's settings, the IPAM subnets, and Tether's own
 * record when {@code tether network create} wrote it.
 *
 * @param meta empty for a conflist written by hand (or by another tool)
 * @param bridge the bridge of the first bridge plugin entry (tether-bridge or the reference
 *     bridge), null when the network has none
 * @param subnets the subnets of the first IPAM section, empty when it has none Tether can read
 */
public record Network(Path file, NetworkConfigList config, Optional<TetherMeta> meta, BridgeSettings bridge,
                      List<Subnet> subnets) {
    /** The reference bridge plugin's type and default bridge. */
    static final String REFERENCE_BRIDGE = "bridge";
    private static final String REFERENCE_DEFAULT_BRIDGE = "cni0";

    /** What a bridge plugin entry configures. */
    public record BridgeSettings(String plugin, String name, boolean ipMasq, boolean internal, boolean icc, int mtu) {
        public boolean isTether() {
            return plugin.equals(BridgePlugin.TYPE);
        }
    }

    public Network {
        subnets = List.copyOf(subnets);
    }

    /** Reads what Tether needs from a parsed configuration list. */
    public static Network of(Path file, NetworkConfigList config) {
        JsonNode raw = Json.parseObject(config.bytes(), file.toString());
        return new Network(file, config, TetherMeta.of(raw), bridgeSettings(config), subnets(config));
    }

    public String name() {
        return config.name();
    }

    public boolean createdByTether() {
        return meta.isPresent();
    }

    /** Tether's ID of the network; empty for one written by hand. */
    public String id() {
        return meta.map(TetherMeta::id).orElse("");
    }

    /** "bridge" for a network Tether created, else the type of the first plugin. */
    public String driver() {
        return meta.map(TetherMeta::driver).orElse(config.plugins().isEmpty() ? "" : config.plugins().get(0).type());
    }

    /** Whether tether-bridge serves the network: then it has Tether's firewall rules and isolation. */
    public boolean usesTetherBridge() {
        return bridge != null && bridge.isTether();
    }

    /** The conflist as written in the file. */
    public ObjectNode json() {
        return Json.parseObject(config.bytes(), file.toString());
    }

    /**
     * The firewall rules tether-bridge keeps for the network, as its ADD derives them from its
     * plugin configuration; empty when tether-bridge does not serve it or its configuration is
     * invalid (then no ADD can succeed either).
     */
    public Optional<NetworkRules> firewallRules() {
        if (!usesTetherBridge()) {
            return Optional.empty();
        }
        for (PluginEntry plugin : config.plugins()) {
            if (plugin.type().equals(BridgePlugin.TYPE)) {
                try {
                    byte[] request = Json.bytes(plugin.attachmentConfig(config.name(), config.cniVersion(), Map.of(), null));
                    BridgeConfig bridgeConfig = BridgeConfig.parse(PluginConfig.parse(request), CniArgs.NONE);
                    return Optional.of(bridgeConfig.firewallRules(subnets.stream().map(Subnet::subnet).toList()));
                } catch (CniException | IllegalArgumentException invalid) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static BridgeSettings bridgeSettings(NetworkConfigList config) {
        for (PluginEntry plugin : config.plugins()) {
            boolean tether = plugin.type().equals(BridgePlugin.TYPE);
            if (tether || plugin.type().equals(REFERENCE_BRIDGE)) {
                ObjectNode raw = plugin.raw();
                String name = raw.path("bridge").asText("");
                if (name.isEmpty()) {
                    name = tether ? BridgeConfig.DEFAULT_BRIDGE : REFERENCE_DEFAULT_BRIDGE;
                }
                return new BridgeSettings(plugin.type(), name, raw.path("ipMasq").asBoolean(false),
                        tether && raw.path("internal").asBoolean(false), !raw.path("portIsolation").asBoolean(false),
                        raw.path("mtu").asInt(0));
            }
        }
        return null;
    }

    /** The ranges of the first plugin with an IPAM section (unreadable ones give none). */
    private static List<Subnet> subnets(NetworkConfigList config) {
        for (PluginEntry plugin : config.plugins()) {
            JsonNode ipam = plugin.raw().get("ipam");
            if (ipam == null || !ipam.isObject()) {
                continue;
            }
            List<Subnet> out = new ArrayList<>();
            try {
                IpamConfig parsed = IpamConfig.parse(JsonFields.ofConfig((ObjectNode) ipam, "ipam"));
                for (List<IpamConfig.IpRange> set : parsed.ranges()) {
                    for (IpamConfig.IpRange range : set) {
                        out.add(new Subnet(Prefixes.of(range.subnet()).network(), range.gateway(), range.rangeStart(),
                                range.rangeEnd()));
                    }
                }
            } catch (CniException | IllegalArgumentException unreadable) {
                return List.of();
            }
            return out;
        }
        return List.of();
    }
}
