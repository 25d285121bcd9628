package dev.tether.cni.plugins.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.firewall.NetworkRules;
import dev.tether.cni.plugins.ipam.IpamPlugin;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Dns;
import dev.tether.cni.spec.EnvVar;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Identifiers;
import dev.tether.cni.spec.IpamConfig;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.JsonFields;
import dev.tether.cni.spec.PluginConfig;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.MacAddress;
import java.util.List;

/**
 * The configuration of tether-bridge: the reference bridge plugin's keys with the same meaning,
 * validated completely before anything is changed.
 *
 * @param network the network name (the config's {@code name})
 * @param isGateway true also when only {@code isDefaultGateway} is set, as in the reference
 * @param mtu 0 for the kernel's default
 * @param mac the container interface's MAC: runtimeConfig.mac, else args.cni.mac, else CNI_ARGS
 *     MAC; null for a random one
 * @param portIsolation the bridge ports' {@code isolated} flag: containers of the network cannot
 *     reach each other, only the gateway and beyond (Docker's icc=false)
 * @param internal Tether's key: nothing is forwarded into or out of the bridge (Docker's
 *     {@code --internal}); refused together with ipMasq
 * @param ipam null for a layer-2 attachment
 * @param tetherDns {@code "tetherDns": true}: the result's {@code dns} names the network's gateways as
 *     nameservers and the network as search domain, for the tether daemon's DNS on the gateways
 *     (needs isGateway and tether-ipam, where the names live); a {@code dns} section of the
 *     config still wins
 */
public record BridgeConfig(String network, String bridge, boolean isGateway, boolean isDefaultGateway,
                           boolean forceAddress, boolean ipMasq, int mtu, boolean hairpinMode, boolean promiscMode,
                           boolean macSpoofCheck, boolean enableDad, boolean disableContainerInterface,
                           boolean portIsolation, boolean internal, MacAddress mac, IpamConfig ipam, Dns dns,
                           boolean tetherDns) {
    public static final String DEFAULT_BRIDGE = "tether0";
    /** CNI_ARGS keys the plugin reads; others need IgnoreUnknown=1, as with the reference. */
    public static final List<String> KNOWN_ARGS = List.of("MAC");
    private static final int MIN_MTU = 68;
    private static final int MAX_MTU = 65535;

    public boolean isLayer3() {
        return ipam != null;
    }

    /** What the network needs from the firewall, for the subnets its containers' addresses are in. */
    public NetworkRules firewallRules(List<IpPrefix> subnets) {
        return new NetworkRules(network, bridge, subnets, ipMasq, internal);
    }

    /**
     * @throws CniException code 7 naming an invalid field, code 2 naming a field this plugin does
     *     not implement (the reference's VLAN options), code 4 for a bad CNI_ARGS
     */
    public static BridgeConfig parse(PluginConfig config, CniArgs args) {
        JsonFields f = config.fields();
        rejectVlanOptions(f);
        String bridge = f.optString("bridge");
        bridge = bridge == null || bridge.isEmpty() ? DEFAULT_BRIDGE : bridge;
        String bridgeProblem = bridgeNameProblem(bridge);
        if (bridgeProblem != null) {
            throw f.invalid("bridge", bridgeProblem);
        }
        boolean isDefaultGateway = f.bool("isDefaultGateway", false);
        boolean hairpin = f.bool("hairpinMode", false);
        boolean promisc = f.bool("promiscMode", false);
        if (hairpin && promisc) {
            throw f.invalid("hairpinMode", "cannot be set together with promiscMode");
        }
        boolean disableContainerInterface = f.bool("disableContainerInterface", false);
        IpamConfig ipam = config.ipam();
        if (ipam != null && disableContainerInterface) {
            throw f.invalid("disableContainerInterface", "cannot be used with IPAM (an \"ipam\" section is configured)");
        }
        if (ipam != null && ipam.type().equals(BridgePlugin.TYPE)) {
            throw CniException.invalidConfig("ipam.type", "\"" + BridgePlugin.TYPE + "\" is not an IPAM plugin");
        }
        boolean internal = f.bool("internal", false);
        if (internal && f.bool("ipMasq", false)) {
            throw f.invalid("internal", "cannot be set together with ipMasq: an internal network has no way out to masquerade");
        }
        checkIpMasqBackend(f);
        boolean tetherDns = f.bool("tetherDns", false);
        if (tetherDns && (ipam == null || !ipam.type().equals(IpamPlugin.TYPE))) {
            throw f.invalid("tetherDns", "needs \"ipam\" of type \"" + IpamPlugin.TYPE + "\", whose leases hold the names");
        }
        if (tetherDns && !f.bool("isGateway", false) && !isDefaultGateway) {
            throw f.invalid("tetherDns", "needs \"isGateway\": true (the tether daemon answers on the bridge's gateway address)");
        }
        checkRequestedIps(config);
        args.requireKnown(KNOWN_ARGS);
        return new BridgeConfig(config.name(), bridge, f.bool("isGateway", false) || isDefaultGateway, isDefaultGateway,
                f.bool("forceAddress", false), f.bool("ipMasq", false), mtu(f), hairpin, promisc,
                f.bool("macspoofchk", false), f.bool("enabledad", false), disableContainerInterface,
                f.bool("portIsolation", false), internal, mac(config, args), ipam, config.dns(), tetherDns);
    }

    /** Why a bridge name is unusable, or null: a valid interface name that nft rules can quote. */
    public static String bridgeNameProblem(String name) {
        String problem = Identifiers.interfaceNameProblem(name);
        if (problem != null) {
            return problem;
        }
        return name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\') ? null
                : "\"" + name + "\" is invalid: use printable ASCII without quotes or backslashes";
    }

    /** This kernel has no bridge VLAN filtering, so the reference's VLAN options are refused by name. */
    private static void rejectVlanOptions(JsonFields f) {
        JsonNode vlan = f.node().get("vlan");
        if (vlan != null && !vlan.isNull()) {
            if (!vlan.isIntegralNumber()) {
                throw f.invalid("vlan", "expected a VLAN ID (an integer), got " + Json.kind(vlan));
            }
            if (vlan.asLong() != 0) {
                throw unsupported("vlan", vlan);
            }
        }
        JsonNode trunk = f.node().get("vlanTrunk");
        if (trunk != null && !trunk.isNull()) {
            throw unsupported("vlanTrunk", trunk);
        }
        if (f.bool("preserveDefaultVlan", false)) {
            throw unsupported("preserveDefaultVlan", f.node().get("preserveDefaultVlan"));
        }
    }

    private static CniException unsupported(String key, JsonNode value) {
        return new CniException(ErrorCode.UNSUPPORTED_FIELD, "unsupported field \"" + key + "\": " + Json.text(value),
                "tether-bridge does not implement VLANs (bridge VLAN filtering); remove \"" + key + "\"");
    }

    /** The reference lets ipMasq use iptables or nftables; Tether always uses nftables. */
    private static void checkIpMasqBackend(JsonFields f) {
        String backend = f.optString("ipMasqBackend");
        if (backend == null || backend.equals("nftables")) {
            return;
        }
        if (backend.equals("iptables")) {
            throw new CniException(ErrorCode.UNSUPPORTED_FIELD, "unsupported field \"ipMasqBackend\": \"iptables\"",
                    "tether-bridge masquerades with nftables only; remove ipMasqBackend or set it to \"nftables\"");
        }
        throw f.invalid("ipMasqBackend", "\"" + backend + "\" is unknown (expected \"nftables\")");
    }

    private static int mtu(JsonFields f) {
        Integer mtu = f.optUint("mtu");
        if (mtu == null || mtu == 0) {
            return 0;
        }
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw f.invalid("mtu", mtu + " is outside " + MIN_MTU + "-" + MAX_MTU);
        }
        return mtu;
    }

    /** The capability "ips" goes to IPAM unchanged; a malformed entry is refused here, before any change. */
    private static void checkRequestedIps(PluginConfig config) {
        JsonFields runtime = JsonFields.ofConfig(config.runtimeConfig(), "runtimeConfig");
        List<String> ips = runtime.stringList("ips");
        for (int i = 0; i < ips.size(); i++) {
            String ip = ips.get(i);
            try {
                if (ip.indexOf('/') >= 0) {
                    IpPrefix.parse(ip);
                } else {
                    InetAddresses.parse(ip);
                }
            } catch (IllegalArgumentException e) {
                throw CniException.invalidConfig("runtimeConfig.ips[" + i + "]", e.getMessage());
            }
        }
    }

    /** The reference's order: CNI_ARGS MAC, overridden by args.cni.mac, overridden by runtimeConfig.mac. */
    private static MacAddress mac(PluginConfig config, CniArgs args) {
        String runtimeMac = JsonFields.ofConfig(config.runtimeConfig(), "runtimeConfig").optString("mac");
        if (runtimeMac != null && !runtimeMac.isEmpty()) {
            return parseMac(runtimeMac, "runtimeConfig.mac", ErrorCode.INVALID_NETWORK_CONFIG);
        }
        JsonFields argsSection = config.fields().optObject("args");
        JsonFields cni = argsSection == null ? null : argsSection.optObject("cni");
        String argsMac = cni == null ? null : cni.optString("mac");
        if (argsMac != null && !argsMac.isEmpty()) {
            return parseMac(argsMac, "args.cni.mac", ErrorCode.INVALID_NETWORK_CONFIG);
        }
        String envMac = args.get("MAC").orElse("");
        return envMac.isEmpty() ? null : parseMac(envMac, EnvVar.ARGS + " MAC", ErrorCode.INVALID_ENVIRONMENT);
    }

    private static MacAddress parseMac(String text, String source, int code) {
        MacAddress mac;
        try {
            mac = MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CniException(code, source + ": " + e.getMessage());
        }
        byte first = mac.bytes()[0];
        if ((first & 1) != 0 || mac.equals(MacAddress.of(new byte[6]))) {
            throw new CniException(code, source + ": " + text + " is not a unicast MAC address (the first octet must be even"
                    + " and the address not all zeros)");
        }
        return mac;
    }
}
