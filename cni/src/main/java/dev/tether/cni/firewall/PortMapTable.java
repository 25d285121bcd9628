package dev.tether.cni.firewall;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Published ports in {@code table inet tether} (layout in the package documentation): static
 * chains, made once, look the packets up in two maps and two sets per family; an attachment's
 * ports are elements of those, commented with its tag. One transaction per change, with
 * {@code create element} for the DNAT keys: the kernel refuses a key identical to one already
 * there, so two writers racing for the same (address, protocol, port) cannot both win, whichever
 * process they run in. It does not refuse a key that only contains another ("any address" and one
 * address on the same port): that overlap is checked against a list of the table, with no other
 * publishing in between (the firewall's monitor and {@link PublishLock}).
 */
final class PortMapTable {
    static final String MAP4 = "portmap4";
    static final String MAP6 = "portmap6";
    static final String MASQ4 = "portmap_masq4";
    static final String MASQ6 = "portmap_masq6";
    static final String DNAT_CHAIN = "portmap";
    static final String PREROUTING = "portmap_prerouting";
    static final String OUTPUT = "portmap_output";
    static final String POSTROUTING = "portmap_postrouting";
    static final String GUARD = "portmap_guard";
    static final String RULE_TAG = "tether:portmap ";

    private static final String TABLE = InetTable.TABLE;
    private static final String DECLARE = InetTable.DECLARE
            + "add map " + TABLE + " " + MAP4 + " { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service; flags interval; }\n"
            + "add map " + TABLE + " " + MAP6 + " { type ipv6_addr . inet_proto . inet_service : ipv6_addr . inet_service; flags interval; }\n"
            + "add set " + TABLE + " " + MASQ4 + " { type ipv4_addr . ipv4_addr; flags interval; }\n"
            + "add set " + TABLE + " " + MASQ6 + " { type ipv6_addr . ipv6_addr; flags interval; }\n"
            + "add chain " + TABLE + " " + DNAT_CHAIN + "\n"
            + "add chain " + TABLE + " " + PREROUTING + " { type nat hook prerouting priority dstnat; policy accept; }\n"
            + "add chain " + TABLE + " " + OUTPUT + " { type nat hook output priority -100; policy accept; }\n"
            + "add chain " + TABLE + " " + POSTROUTING + " { type nat hook postrouting priority srcnat; policy accept; }\n"
            // Before the NAT hooks (-100), so that replies masqueraded for localhost are seen before they become 127.0.0.1.
            + "add chain " + TABLE + " " + GUARD + " { type filter hook prerouting priority mangle; policy accept; }\n";
    private static final String PROTOCOLS = "meta l4proto { tcp, udp, sctp }";
    /** The static rules by comment. */
    private static final Map<String, String> RULES = rules();

    private PortMapTable() {}

    private static Map<String, String> rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        rule(rules, DNAT_CHAIN, "dnat4", PROTOCOLS + " dnat ip to ip daddr . meta l4proto . th dport map @" + MAP4);
        // ::1 cannot be translated to an address that is not local (the kernel has no route_localnet for IPv6).
        rule(rules, DNAT_CHAIN, "dnat6", PROTOCOLS + " ip6 daddr != ::1 dnat ip6 to ip6 daddr . meta l4proto . th dport map @" + MAP6);
        rule(rules, PREROUTING, "prerouting", "fib daddr type local jump " + DNAT_CHAIN);
        rule(rules, OUTPUT, "output", "fib daddr type local jump " + DNAT_CHAIN);
        rule(rules, POSTROUTING, "masq4", "ct status dnat ip saddr . ip daddr @" + MASQ4 + " masquerade");
        rule(rules, POSTROUTING, "masq6", "ct status dnat ip6 saddr . ip6 daddr @" + MASQ6 + " masquerade");
        // route_localnet lets 127/8 cross to the bridge; nothing from outside may reach the host's 127/8 that way (CVE-2020-8558).
        rule(rules, GUARD, "localnet-guard", "iifname != \"lo\" ip daddr 127.0.0.0/8 drop");
        return rules;
    }

    private static void rule(Map<String, String> rules, String chain, String name, String text) {
        String comment = RULE_TAG + name;
        rules.put(comment, "add rule " + TABLE + " " + chain + " " + text + " " + NftText.comment(comment));
    }

    /** Whether every static rule is there (then the maps and sets they name are too). */
    static boolean inPlace(Listing table) {
        Set<String> present = new LinkedHashSet<>();
        table.rulesCommented(RULE_TAG).forEach(rule -> present.add(rule.comment()));
        return present.equals(RULES.keySet()) && table.rulesCommented(RULE_TAG).size() == RULES.size();
    }

    /** The static part: table, maps, sets and chains declared, the chains' rules written afresh (elements stay). */
    static String skeleton() {
        StringBuilder script = new StringBuilder(DECLARE);
        for (String chain : List.of(DNAT_CHAIN, PREROUTING, OUTPUT, POSTROUTING, GUARD)) {
            script.append("flush chain ").append(TABLE).append(' ').append(chain).append('\n');
        }
        RULES.values().forEach(line -> script.append(line).append('\n'));
        return script.toString();
    }

    /** Masquerading of DNAT'd traffic from {@code source} to the container address {@code destination}. */
    record Masquerade(IpPrefix source, InetAddress destination) {
        Masquerade {
            source = source.network();
        }

        boolean isIpv6() {
            return InetAddresses.isIpv6(destination);
        }

        String set() {
            return isIpv6() ? MASQ6 : MASQ4;
        }

        String key() {
            return source + " . " + InetAddresses.format(destination);
        }
    }

    /** A masquerade element as listed. */
    record MasqueradeEntry(Masquerade masquerade, String comment) {}

    /** The published ports of a listing (elements that do not read as Tether's are skipped). */
    static List<MappedPort> mappedPorts(Listing table) {
        List<MappedPort> out = new ArrayList<>();
        for (Listing.Element e : table.elements()) {
            boolean v6 = e.set().equals(MAP6);
            if (!(v6 || e.set().equals(MAP4)) || e.key().size() != 3 || e.data().size() != 2) {
                continue;
            }
            try {
                String host = e.key().get(0);
                InetAddress hostIp = host.indexOf('/') >= 0 ? null : InetAddresses.parse(host);
                out.add(new MappedPort(new PortForward(PortForward.Protocol.parse(e.key().get(1)), hostIp,
                        Integer.parseInt(e.key().get(2)), InetAddresses.parse(e.data().get(0)), Integer.parseInt(e.data().get(1))),
                        e.comment()));
            } catch (IllegalArgumentException notOurs) {
                // e.g. a protocol listed by number, or a range someone else added
            }
        }
        return out;
    }

    static List<MasqueradeEntry> masquerades(Listing table) {
        List<MasqueradeEntry> out = new ArrayList<>();
        for (Listing.Element e : table.elements()) {
            if ((e.set().equals(MASQ4) || e.set().equals(MASQ6)) && e.key().size() == 2) {
                try {
                    out.add(new MasqueradeEntry(new Masquerade(IpPrefix.parseAddressOrPrefix(e.key().get(0)),
                            InetAddresses.parse(e.key().get(1))), e.comment()));
                } catch (IllegalArgumentException notOurs) {
                    // not an element this class wrote
                }
            }
        }
        return out;
    }

    /** The lines that add or delete one element. */
    static String create(PortForward forward, String comment) {
        return "create element " + TABLE + " " + map(forward) + " { " + key(forward) + " " + NftText.comment(comment)
                + " : " + InetAddresses.format(forward.containerIp()) + " . " + forward.containerPort() + " }";
    }

    static String delete(PortForward forward) {
        return "delete element " + TABLE + " " + map(forward) + " { " + key(forward) + " }";
    }

    static String create(Masquerade masquerade, String comment) {
        return "create element " + TABLE + " " + masquerade.set() + " { " + masquerade.key() + " " + NftText.comment(comment) + " }";
    }

    static String delete(Masquerade masquerade) {
        return "delete element " + TABLE + " " + masquerade.set() + " { " + masquerade.key() + " }";
    }

    private static String map(PortForward forward) {
        return forward.isIpv6() ? MAP6 : MAP4;
    }

    private static String key(PortForward forward) {
        String host = forward.hostIp() != null ? InetAddresses.format(forward.hostIp()) : forward.isIpv6() ? "::/0" : "0.0.0.0/0";
        return host + " . " + forward.protocol().label() + " . " + forward.hostPort();
    }

    /** A script of element deletions and additions, with the static part first when it is missing. */
    record Changes(boolean skeleton, List<String> delete, List<String> create) {
        boolean none() {
            return !skeleton && delete.isEmpty() && create.isEmpty();
        }

        String script() {
            StringBuilder script = new StringBuilder(skeleton ? PortMapTable.skeleton() : "");
            delete.forEach(line -> script.append(line).append('\n'));
            create.forEach(line -> script.append(line).append('\n'));
            return script.toString();
        }
    }

    /**
     * What makes the attachment's elements exactly {@code forwards} and {@code masquerades}: its
     * other elements go, missing ones are created. A masquerade element of another attachment for
     * the same container address is taken over (that attachment is gone: two live containers do
     * not share an address).
     *
     * @throws PortConflictException when another attachment publishes an overlapping port
     */
    static Changes plan(Listing table, AttachmentKey key, List<PortForward> forwards, List<Masquerade> masquerades) {
        List<String> delete = new ArrayList<>();
        List<String> create = new ArrayList<>();
        List<PortForward> missing = new ArrayList<>(forwards);
        for (MappedPort mapped : mappedPorts(table)) {
            if (mapped.ownedBy(key)) {
                if (!missing.remove(mapped.forward())) {
                    delete.add(delete(mapped.forward()));
                }
                continue;
            }
            for (PortForward wanted : forwards) {
                if (wanted.overlaps(mapped.forward())) {
                    throw new PortConflictException(wanted, mapped);
                }
            }
        }
        missing.forEach(forward -> create.add(create(forward, key.comment())));
        List<Masquerade> missingMasquerades = new ArrayList<>(masquerades);
        Set<InetAddress> destinations = new LinkedHashSet<>();
        masquerades.forEach(m -> destinations.add(m.destination()));
        for (MasqueradeEntry entry : masquerades(table)) {
            boolean mine = key.owns(entry.comment());
            if (mine && missingMasquerades.remove(entry.masquerade())) {
                continue;
            }
            if (mine || destinations.contains(entry.masquerade().destination())) {
                delete.add(delete(entry.masquerade()));
            }
        }
        missingMasquerades.forEach(m -> create.add(create(m, key.comment())));
        return new Changes(!inPlace(table), List.copyOf(delete), List.copyOf(create));
    }

    /** The deletions of every element (ports and masquerades) whose comment the predicate selects. */
    static List<String> release(Listing table, Predicate<String> byComment) {
        List<String> delete = new ArrayList<>();
        for (MappedPort mapped : mappedPorts(table)) {
            if (mapped.comment() != null && byComment.test(mapped.comment())) {
                delete.add(delete(mapped.forward()));
            }
        }
        for (MasqueradeEntry entry : masquerades(table)) {
            if (entry.comment() != null && byComment.test(entry.comment())) {
                delete.add(delete(entry.masquerade()));
            }
        }
        return delete;
    }

    /** Whether the static rules and exactly these elements of the attachment (at least) are there. */
    static boolean hasAll(Listing table, AttachmentKey key, List<PortForward> forwards, List<Masquerade> masquerades) {
        List<PortForward> ports = mappedPorts(table).stream().filter(m -> m.ownedBy(key)).map(MappedPort::forward).toList();
        List<Masquerade> masq = masquerades(table).stream().filter(m -> key.owns(m.comment()))
                .map(MasqueradeEntry::masquerade).toList();
        return inPlace(table) && ports.containsAll(forwards) && masq.containsAll(masquerades);
    }
}
