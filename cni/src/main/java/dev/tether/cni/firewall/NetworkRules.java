package dev.tether.cni.firewall;

import dev.tether.natives.ip.IpPrefix;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a network needs from the firewall: its name, its bridge, the subnets its containers use,
 * whether traffic from them that leaves through another interface is masqueraded (Docker's
 * {@code -s SUBNET ! -o docker0 -j MASQUERADE}) and whether the network is internal (no traffic
 * is forwarded into or out of its bridge). Every network is isolated from the other Tether
 * bridges (Docker's DOCKER-ISOLATION).
 *
 * @param subnets normalized to their network addresses, duplicates dropped
 */
public record NetworkRules(String network, String bridge, List<IpPrefix> subnets, boolean masquerade, boolean internal) {

    public NetworkRules {
        if (network == null || network.isEmpty()) {
            throw new IllegalArgumentException("a network needs a name");
        }
        if (internal && masquerade) {
            throw new IllegalArgumentException("an internal network is never masqueraded");
        }
        NftText.requirePrintable(network, false);
        NftText.requirePrintable(bridge, false);
        Set<IpPrefix> networks = new LinkedHashSet<>();
        for (IpPrefix subnet : subnets) {
            networks.add(subnet.network());
        }
        subnets = List.copyOf(networks);
    }

    /** A network that is not internal. */
    public NetworkRules(String network, String bridge, List<IpPrefix> subnets, boolean masquerade) {
        this(network, bridge, subnets, masquerade, false);
    }

    /** The prefix of every comment of this network's rules, e.g. "tether:net:mynet ". */
    String commentPrefix() {
        return commentPrefix(network);
    }

    static String commentPrefix(String network) {
        // Long names are hashed so that the rest of the comment fits nft's 128 characters.
        String id = network.length() <= 40 ? network : "#" + NftText.hash(network);
        return "tether:net:" + id + " ";
    }
}
