/**
 * Tether's nftables state, through libnftables in the host namespace (never the {@code nft}
 * command). {@link dev.tether.cni.firewall.TetherFirewall} is the only writer; it owns two tables
 * named {@code tether}:
 *
 * <pre>
 * table inet tether {                       # routed traffic: per-network rules
 *     set bridges { type ifname; }          # every Tether bridge; element "tether:net:NAME bridge BR"
 *     chain forward {
 *         type filter hook forward priority filter; policy accept;
 *         iifname "br-a" oifname @bridges oifname != "br-a" ct status ! dnat drop comment "tether:net:NAME isolate br-a"
 *         iifname "br-i" oifname != "br-i" drop comment "tether:net:INTERNAL internal-out br-i"     # --internal only
 *         iifname != "br-i" oifname "br-i" drop comment "tether:net:INTERNAL internal-in br-i"      # (no masquerade)
 *     }
 *     chain postrouting {
 *         type nat hook postrouting priority srcnat; policy accept;
 *         ip saddr 10.88.0.0/16 ip daddr != 224.0.0.0/4 oifname != "tether0" masquerade comment "tether:net:NAME masq 10.88.0.0/16 tether0"
 *         ip6 saddr fd00::/64 ip6 daddr != ff00::/8 oifname != "tether0" masquerade comment "tether:net:NAME masq fd00::/64 tether0"
 *     }
 * }
 * table bridge tether {                     # bridged frames: MAC spoof check, state per container as set elements
 *     set mac_ports { type ifname; }                       # ports under the check
 *     set mac_allowed { type ifname . ether_addr; }        # the one MAC each may send from
 *     chain prerouting {
 *         type filter hook prerouting priority -300; policy accept;
 *         iifname @mac_ports iifname . ether saddr != @mac_allowed drop comment "tether:macspoofchk"
 *     }
 * }
 * </pre>
 *
 * <p>Isolation (Docker's DOCKER-ISOLATION): traffic routed from one Tether bridge to another is
 * dropped, one rule per network plus its bridge in the set, so a new network needs no change to
 * the others' rules. A container attached to two networks still reaches both: it talks to each
 * on that network's bridge, which is bridged, not routed. Containers of one network are kept
 * from each other (icc=false) by the bridge ports' {@code isolated} flag, not by a rule.
 *
 * <p>Every rule carries a comment naming what it belongs to ({@code tether:net:NAME KIND ...}),
 * every per-container element one naming its attachment ({@code tether:att:NETHASH:ATTHASH ...}),
 * so that both are found and deleted by handle or key. Per-network rules are added once: an
 * ensure first lists the table (one cheap read) and writes only what is missing, so it also
 * restores rules the host flushed. Writers in other processes may race to add the same rule; the
 * duplicate is harmless (the first match wins) and removal deletes every copy.
 *
 * <p>MAC filtering of bridged frames needs the bridge family: an inet table never sees frames the
 * bridge forwards between two containers, hence the second table.
 */
package dev.tether.cni.firewall;
