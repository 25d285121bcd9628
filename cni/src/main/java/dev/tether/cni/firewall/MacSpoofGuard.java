package dev.tether.cni.firewall;

import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.nft.Nftables;
import java.util.List;
import java.util.function.Predicate;

/**
 * The MAC spoof check in {@code table bridge tether}: one static rule drops frames that enter a
 * guarded bridge port from any MAC but the one allowed for it; each container adds its port to
 * {@code mac_ports} and (port, MAC) to {@code mac_allowed}, both elements commented with its
 * attachment tag.
 */
final class MacSpoofGuard {
    private static final String TABLE = "bridge tether";
    static final String PORTS = "mac_ports";
    static final String ALLOWED = "mac_allowed";
    private static final String CHAIN = "prerouting";
    static final String RULE_COMMENT = "tether:macspoofchk";
    private static final String SKELETON = "add table " + TABLE + "\n"
            + "add set " + TABLE + " " + PORTS + " { type ifname; }\n"
            + "add set " + TABLE + " " + ALLOWED + " { type ifname . ether_addr; }\n"
            + "add chain " + TABLE + " " + CHAIN + " { type filter hook prerouting priority -300; policy accept; }\n";
    private static final String RULE = "add rule " + TABLE + " " + CHAIN
            + " iifname @" + PORTS + " iifname . ether saddr != @" + ALLOWED + " drop " + NftText.comment(RULE_COMMENT) + "\n";

    private MacSpoofGuard() {}

    /** The table with its sets and rule, or absent. */
    static Listing list(NetNs ns) {
        return Listing.of(ns, "list table " + TABLE);
    }

    static boolean ruleInPlace(Listing table) {
        return !table.rulesCommented(RULE_COMMENT).isEmpty();
    }

    /** Adds the port and its MAC, creating the table, sets and rule first when the rule is missing. */
    static void guard(NetNs ns, Listing table, AttachmentKey key, String port, MacAddress mac) {
        String comment = NftText.comment(key.comment());
        String script = (ruleInPlace(table) ? "" : SKELETON + RULE)
                + "add element " + TABLE + " " + PORTS + " { " + NftText.quote(port) + " " + comment + " }\n"
                + "add element " + TABLE + " " + ALLOWED + " { " + NftText.quote(port) + " . " + mac + " " + comment + " }\n";
        Nftables.run(ns, script);
    }

    static boolean guarded(Listing table, AttachmentKey key, String port, MacAddress mac) {
        boolean portListed = false;
        boolean macAllowed = false;
        for (Listing.Element e : table.elements()) {
            if (!key.owns(e.comment())) {
                continue;
            }
            portListed |= e.set().equals(PORTS) && e.key().equals(List.of(port));
            macAllowed |= e.set().equals(ALLOWED) && e.key().equals(List.of(port, mac.toString()));
        }
        return ruleInPlace(table) && portListed && macAllowed;
    }

    /** Deletes the elements whose comment the predicate selects; returns how many. */
    static int release(NetNs ns, Listing table, Predicate<String> byComment) {
        StringBuilder script = new StringBuilder();
        int count = 0;
        for (Listing.Element e : table.elements()) {
            if (e.comment() == null || !byComment.test(e.comment())) {
                continue;
            }
            String value = e.set().equals(ALLOWED) && e.key().size() == 2
                    ? NftText.quote(e.key().get(0)) + " . " + MacAddress.parse(e.key().get(1))
                    : NftText.quote(e.key().get(0));
            script.append("delete element ").append(TABLE).append(' ').append(e.set())
                    .append(" { ").append(value).append(" }\n");
            count++;
        }
        if (count > 0) {
            Nftables.run(ns, script.toString());
        }
        return count;
    }
}
