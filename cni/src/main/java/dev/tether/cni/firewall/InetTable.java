package dev.tether.cni.firewall;

import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.nft.Nftables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-network state in {@code table inet tether} (layout in the package documentation):
 * what a network should have there, and the changes that bring a listing of the table in line
 * with it or remove it. Every rule is known by its comment, {@code tether:net:ID KIND ... BRIDGE};
 * the network's bridge is an element of the set {@code bridges}, known by its key (two networks
 * may share a bridge: the element stays while any network's isolation rule names it).
 */
final class InetTable {
    static final String TABLE = "inet tether";
    static final String FORWARD = "forward";
    static final String POSTROUTING = "postrouting";
    static final String BRIDGES = "bridges";
    static final String DECLARE = "add table " + TABLE + "\n"
            + "add set " + TABLE + " " + BRIDGES + " { type ifname; }\n"
            + "add chain " + TABLE + " " + FORWARD + " { type filter hook forward priority filter; policy accept; }\n"
            + "add chain " + TABLE + " " + POSTROUTING + " { type nat hook postrouting priority srcnat; policy accept; }\n";

    static final String ISOLATE = "isolate";
    static final String INTERNAL_OUT = "internal-out";
    static final String INTERNAL_IN = "internal-in";
    static final String MASQ = "masq";
    static final String BRIDGE = "bridge";

    private InetTable() {}

    /** One rule: the chain it is in, the comment that identifies it and its text (comment included). */
    record RuleSpec(String chain, String comment, String text) {}

    /** Deletions (rules by handle, set elements by key) and additions; the script declares the table first. */
    record Changes(List<Listing.Rule> deleteRules, List<String> deleteElements, List<String> add) {
        boolean none() {
            return deleteRules.isEmpty() && deleteElements.isEmpty() && add.isEmpty();
        }

        String script() {
            StringBuilder script = new StringBuilder(DECLARE);
            for (Listing.Rule rule : deleteRules) {
                script.append("delete rule ").append(TABLE).append(' ').append(rule.chain()).append(" handle ")
                        .append(rule.handle()).append('\n');
            }
            for (String bridge : deleteElements) {
                script.append("delete element ").append(TABLE).append(' ').append(BRIDGES).append(" { ")
                        .append(NftText.quote(bridge)).append(" }\n");
            }
            add.forEach(line -> script.append(line).append('\n'));
            return script.toString();
        }

        void apply(NetNs ns) {
            if (!none()) {
                Nftables.run(ns, script());
            }
        }
    }

    static Listing list(NetNs ns) {
        return Listing.of(ns, "list table " + TABLE);
    }

    /** The rules a network should have, by comment. */
    static Map<String, RuleSpec> rules(NetworkRules net) {
        Map<String, RuleSpec> rules = new LinkedHashMap<>();
        String bridge = NftText.quote(net.bridge());
        // Published ports are the host's: a connection DNAT'd to a container (and its replies)
        // crosses from one Tether bridge to another, as it would come from outside.
        put(rules, net, FORWARD, ISOLATE, "iifname " + bridge + " oifname @" + BRIDGES + " oifname != " + bridge
                + " ct status & dnat == 0 drop");
        if (net.internal()) {
            put(rules, net, FORWARD, INTERNAL_OUT, "iifname " + bridge + " oifname != " + bridge + " drop");
            put(rules, net, FORWARD, INTERNAL_IN, "iifname != " + bridge + " oifname " + bridge + " drop");
        }
        if (net.masquerade()) {
            for (IpPrefix subnet : net.subnets()) {
                String ip = subnet.isIpv6() ? "ip6" : "ip";
                String multicast = subnet.isIpv6() ? "ff00::/8" : "224.0.0.0/4";
                rules.put(masqueradeComment(net, subnet), new RuleSpec(POSTROUTING, masqueradeComment(net, subnet),
                        ip + " saddr " + subnet + " " + ip + " daddr != " + multicast + " oifname != " + bridge
                                + " masquerade " + NftText.comment(masqueradeComment(net, subnet))));
            }
        }
        return rules;
    }

    private static void put(Map<String, RuleSpec> rules, NetworkRules net, String chain, String kind, String text) {
        String comment = net.commentPrefix() + kind + " " + net.bridge();
        rules.put(comment, new RuleSpec(chain, comment, text + " " + NftText.comment(comment)));
    }

    static String masqueradeComment(NetworkRules net, IpPrefix subnet) {
        return net.commentPrefix() + MASQ + " " + subnet + " " + net.bridge();
    }

    /** The "add rule" line of a rule. */
    static String addLine(RuleSpec rule) {
        return "add rule " + TABLE + " " + rule.chain() + " " + rule.text();
    }

    /**
     * What to change so that the network has all its rules and its bridge element. Masquerade
     * rules of the network's other subnets stay while it is masqueraded (containers may get
     * addresses from several subnets, each ADD names its own); every other rule of the network
     * that it should not have (another bridge, internal no more, masquerade no more) goes.
     */
    static Changes diff(Listing table, NetworkRules net) {
        Map<String, RuleSpec> wanted = rules(net);
        List<Listing.Rule> delete = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (Listing.Rule rule : table.rulesCommented(net.commentPrefix())) {
            if (wanted.containsKey(rule.comment())) {
                present.add(rule.comment());
            } else if (!(net.masquerade() && isMasqueradeOfAnotherSubnet(rule.comment(), net))) {
                delete.add(rule);
            }
        }
        List<String> add = new ArrayList<>();
        if (!hasElement(table, net.bridge())) {
            add.add("add element " + TABLE + " " + BRIDGES + " { " + NftText.quote(net.bridge()) + " "
                    + NftText.comment(net.commentPrefix() + BRIDGE + " " + net.bridge()) + " }");
        }
        wanted.values().stream().filter(rule -> !present.contains(rule.comment())).map(InetTable::addLine).forEach(add::add);
        List<String> staleBridges = removableBridges(table, net.commentPrefix()).stream()
                .filter(bridge -> !bridge.equals(net.bridge())).toList();
        return new Changes(List.copyOf(delete), List.copyOf(staleBridges), List.copyOf(add));
    }

    /** What to delete so that nothing of the network is left (its bridge element unless another network isolates that bridge too). */
    static Changes removal(Listing table, String network) {
        String prefix = NetworkRules.commentPrefix(network);
        List<String> bridges = removableBridges(table, prefix);
        return new Changes(table.rulesCommented(prefix), bridges, List.of());
    }

    private static boolean isMasqueradeOfAnotherSubnet(String comment, NetworkRules net) {
        String[] words = comment.substring(net.commentPrefix().length()).split(" ");
        return words[0].equals(MASQ) && words.length > 1
                && net.subnets().stream().noneMatch(subnet -> subnet.toString().equals(words[1]));
    }

    private static boolean hasElement(Listing table, String bridge) {
        return table.elements().stream().anyMatch(e -> e.set().equals(BRIDGES) && e.key().equals(List.of(bridge)));
    }

    /**
     * The bridges of the network's elements and rules that are in the set and that no other
     * network isolates: those its removal (or its move to another bridge) takes out of the set.
     */
    private static List<String> removableBridges(Listing table, String prefix) {
        Set<String> bridges = new LinkedHashSet<>();
        for (Listing.Element e : table.elements()) {
            if (e.set().equals(BRIDGES) && e.comment() != null && e.comment().startsWith(prefix)) {
                bridges.add(e.key().get(0));
            }
        }
        for (Listing.Rule rule : table.rulesCommented(prefix)) {
            String[] words = rule.comment().substring(prefix.length()).split(" ");
            if (words.length == 2 && words[0].equals(ISOLATE)) {
                bridges.add(words[1]);
            }
        }
        return bridges.stream().filter(bridge -> hasElement(table, bridge) && !isolatedByAnother(table, prefix, bridge)).toList();
    }

    /** Whether a network other than the one with this prefix has an isolation rule for the bridge. */
    private static boolean isolatedByAnother(Listing table, String prefix, String bridge) {
        return table.rulesCommented("tether:net:").stream().map(Listing.Rule::comment)
                .filter(comment -> !comment.startsWith(prefix))
                .anyMatch(comment -> comment.endsWith(" " + ISOLATE + " " + bridge));
    }
}
