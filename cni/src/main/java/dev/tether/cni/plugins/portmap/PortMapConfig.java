package dev.tether.cni.plugins.portmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.JsonFields;
import dev.tether.cni.spec.PluginConfig;
import dev.tether.natives.ip.IpPrefix;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of tether-portmap: the reference portmap's keys that mean something with
 * nftables maps, validated before anything changes, and Tether's {@code portRange}.
 *
 * @param network the network name (the config's {@code name}): attachments are tagged with it
 * @param requests the {@code portMappings} capability, exact duplicates dropped
 * @param snat the reference's key (default true): masquerade traffic from the container's own
 *     subnet (hairpin) and from 127.0.0.0/8 (localhost), and let 127/8 be routed to the bridge;
 *     false: neither works, the outside and other hosts still do
 * @param masqAll the reference's key: masquerade traffic from every source to the container
 * @param portRange where picked host ports come from
 */
record PortMapConfig(String network, List<PortRequest> requests, boolean snat, boolean masqAll, PortRange portRange) {
    static final String LOCALHOST_V4 = "127.0.0.0/8";

    AttachmentKey key(String containerId, String ifName) {
        return new AttachmentKey(network, containerId, ifName);
    }

    /** The sources whose DNAT'd traffic to the container is masqueraded, given the container's subnets. */
    List<IpPrefix> masqueradeFrom(List<IpPrefix> containerSubnets) {
        if (!snat) {
            return List.of();
        }
        if (masqAll) {
            return List.of(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0"));
        }
        List<IpPrefix> sources = new ArrayList<>(containerSubnets);
        sources.add(IpPrefix.parse(LOCALHOST_V4));
        return sources;
    }

    /**
     * @param log where ignored keys are noted (the call's stderr)
     * @throws CniException code 7 naming an invalid field, code 2 naming a key that only means
     *     something to the reference's iptables backend or that a map-based table cannot honour
     */
    static PortMapConfig parse(PluginConfig config, PrintStream log) {
        JsonFields f = config.fields();
        refuseIptablesOnly(f, log);
        JsonFields runtime = JsonFields.ofConfig(config.runtimeConfig(), "runtimeConfig");
        List<PortRequest> requests = new ArrayList<>();
        for (JsonFields entry : runtime.objectList("portMappings")) {
            PortRequest request = PortRequest.parse(entry);
            if (requests.stream().noneMatch(r -> sameMapping(r, request))) {
                requests.add(request);
            }
        }
        for (int i = 0; i < requests.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (requests.get(i).clashesWith(requests.get(j))) {
                    throw CniException.invalidConfig(requests.get(i).field(), requests.get(i).describe() + " takes the"
                            + " same host port as " + requests.get(j).field() + " (" + requests.get(j).describe() + ")");
                }
            }
        }
        String range = f.optString("portRange");
        PortRange portRange;
        try {
            portRange = range == null || range.isEmpty() ? PortRange.DEFAULT : PortRange.parse(range);
        } catch (IllegalArgumentException e) {
            throw f.invalid("portRange", e.getMessage());
        }
        return new PortMapConfig(config.name(), List.copyOf(requests), f.bool("snat", true), f.bool("masqAll", false),
                portRange);
    }

    private static boolean sameMapping(PortRequest a, PortRequest b) {
        return a.protocol() == b.protocol() && java.util.Objects.equals(a.hostIp(), b.hostIp()) && a.hostPort() == b.hostPort()
                && a.containerPort() == b.containerPort() && !a.picksPort();
    }

    /**
     * The reference's backend keys: nftables is the only backend; a mark bit is accepted and
     * unused (its nftables backend ignores it too); an external mark chain and extra match
     * conditions are refused (one shared map lookup has no per-network conditions).
     */
    private static void refuseIptablesOnly(JsonFields f, PrintStream log) {
        String backend = f.optString("backend");
        if (backend != null && !backend.equals("nftables")) {
            throw unsupported("backend", f.node().get("backend"), "tether-portmap publishes ports with nftables only;"
                    + " remove \"backend\" or set it to \"nftables\"");
        }
        if (f.has("externalSetMarkChain")) {
            throw unsupported("externalSetMarkChain", f.node().get("externalSetMarkChain"),
                    "an iptables chain; tether-portmap masquerades by nftables sets and needs no mark");
        }
        for (String key : List.of("conditionsV4", "conditionsV6")) {
            JsonNode conditions = f.arrayOrNull(key);
            if (conditions != null && !conditions.isEmpty()) {
                throw unsupported(key, conditions, "tether-portmap looks every network's ports up in one map;"
                        + " filter with a rule of your own before it instead");
            }
        }
        Integer markBit = f.optUint("markMasqBit");
        if (markBit != null) {
            if (markBit > 31) {
                throw f.invalid("markMasqBit", markBit + " is outside 0-31");
            }
            log.println("tether-portmap: markMasqBit " + markBit + " is ignored (no mark is needed with nftables sets)");
        }
    }

    private static CniException unsupported(String key, JsonNode value, String why) {
        return new CniException(ErrorCode.UNSUPPORTED_FIELD, "unsupported field \"" + key + "\": " + Json.text(value), why);
    }
}
