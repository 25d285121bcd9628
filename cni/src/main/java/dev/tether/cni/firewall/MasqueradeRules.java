package dev.tether.cni.firewall;

import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.nft.Nftables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The masquerade rules of networks in {@code table inet tether}, chain {@code postrouting}: one
 * rule per (network, subnet), "from the subnet, not to multicast, leaving through any interface
 * but the network's bridge: masquerade", commented {@code tether:net:NAME masq SUBNET BRIDGE}.
 */
final class MasqueradeRules {
    static final String CHAIN = "postrouting";
    private static final String TABLE = "inet tether";
    private static final String DECLARE = "add table " + TABLE + "\n"
            + "add chain " + TABLE + " " + CHAIN + " { type nat hook postrouting priority srcnat; policy accept; }\n";

    private MasqueradeRules() {}

    /** Deletions (by handle) and additions that bring the chain in line with the network; the script declares the chain first. */
    record Changes(List<Long> deleteHandles, List<String> addRules) {
        boolean none() {
            return deleteHandles.isEmpty() && addRules.isEmpty();
        }

        String script() {
            StringBuilder script = new StringBuilder(DECLARE);
            for (long handle : deleteHandles) {
                script.append("delete rule ").append(TABLE).append(' ').append(CHAIN).append(" handle ").append(handle).append('\n');
            }
            for (String rule : addRules) {
                script.append("add rule ").append(TABLE).append(' ').append(CHAIN).append(' ').append(rule).append('\n');
            }
            return script.toString();
        }
    }

    static Listing list(NetNs ns) {
        return Listing.of(ns, "list chain " + TABLE + " " + CHAIN);
    }

    /**
     * What to change so that every subnet of the network has its rule (rules for other subnets of
     * the network stay: containers may get addresses from several); a rule of one of its subnets
     * naming another bridge is replaced. Without masquerade, every masquerade rule of the network goes.
     */
    static Changes diff(Listing chain, NetworkRules net) {
        String kindPrefix = net.commentPrefix() + "masq ";
        Map<String, String> wanted = new HashMap<>();
        if (net.masquerade()) {
            for (IpPrefix subnet : net.subnets()) {
                wanted.put(comment(net, subnet), rule(net, subnet));
            }
        }
        List<Long> delete = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (Listing.Rule rule : chain.rulesCommented(kindPrefix)) {
            String subnet = rule.comment().substring(kindPrefix.length()).split(" ")[0];
            boolean ourSubnet = net.subnets().stream().anyMatch(s -> s.toString().equals(subnet));
            if (wanted.containsKey(rule.comment())) {
                present.add(rule.comment());
            } else if (!net.masquerade() || ourSubnet) {
                delete.add(rule.handle());
            }
        }
        List<String> add = new ArrayList<>();
        for (IpPrefix subnet : net.subnets()) {
            String comment = comment(net, subnet);
            if (wanted.containsKey(comment) && !present.contains(comment)) {
                add.add(wanted.get(comment));
            }
        }
        return new Changes(List.copyOf(delete), List.copyOf(add));
    }

    static void apply(NetNs ns, Changes changes) {
        if (!changes.none()) {
            Nftables.run(ns, changes.script());
        }
    }

    static String comment(NetworkRules net, IpPrefix subnet) {
        return net.commentPrefix() + "masq " + subnet + " " + net.bridge();
    }

    /** e.g. {@code ip saddr 10.88.0.0/16 ip daddr != 224.0.0.0/4 oifname != "tether0" masquerade comment "..."} */
    static String rule(NetworkRules net, IpPrefix subnet) {
        String ip = subnet.isIpv6() ? "ip6" : "ip";
        String multicast = subnet.isIpv6() ? "ff00::/8" : "224.0.0.0/4";
        return ip + " saddr " + subnet + " " + ip + " daddr != " + multicast + " oifname != " + NftText.quote(net.bridge())
                + " masquerade " + NftText.comment(comment(net, subnet));
    }
}
