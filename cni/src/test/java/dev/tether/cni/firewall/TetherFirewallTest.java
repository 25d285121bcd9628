package dev.tether.cni.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.nft.Nftables;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The firewall against libnftables in a namespace of its own. */
class TetherFirewallTest extends FirewallNamespaceTest {
    private static NetworkRules net(String name, String bridge, String... subnets) {
        return new NetworkRules(name, bridge, List.of(subnets).stream().map(IpPrefix::parse).toList(), true);
    }

    @Test
    void ensureNetworkCreatesTheRulesOnceAndChecksCheaply() {
        NetworkRules a = net("neta", "tbr-a", "10.1.0.5/16", "fd00:1::/64");
        assertFalse(firewall.networkInPlace(a));
        firewall.ensureNetwork(a);
        firewall.ensureNetwork(a);
        assertTrue(firewall.networkInPlace(a));
        String rules = inet();
        assertEquals(2, count(rules, "masquerade"), rules);
        assertTrue(rules.contains("ip saddr 10.1.0.0/16 ip daddr != 224.0.0.0/4 oifname != \"tbr-a\" masquerade"
                + " comment \"tether:net:neta masq 10.1.0.0/16 tbr-a\""), rules);
        assertTrue(rules.contains("ip6 saddr fd00:1::/64 ip6 daddr != ff00::/8 oifname != \"tbr-a\" masquerade"), rules);
        assertTrue(rules.contains("type nat hook postrouting priority srcnat; policy accept;"), rules);
    }

    @Test
    void subnetsAccumulateAndABridgeChangeReplacesTheRule() {
        firewall.ensureNetwork(net("neta", "tbr-a", "10.1.0.0/24"));
        firewall.ensureNetwork(net("neta", "tbr-a", "10.2.0.0/24"));
        assertEquals(2, count(inet(), "masquerade"));
        assertTrue(firewall.networkInPlace(net("neta", "tbr-a", "10.1.0.0/24")), "the first subnet stays");

        firewall.ensureNetwork(net("neta", "tbr-b", "10.1.0.0/24"));
        String rules = inet();
        assertEquals(2, count(rules, "masquerade"), rules);
        assertTrue(rules.contains("masq 10.1.0.0/24 tbr-b") && !rules.contains("masq 10.1.0.0/24 tbr-a"), rules);

        firewall.ensureNetwork(new NetworkRules("neta", "tbr-b", List.of(IpPrefix.parse("10.1.0.0/24")), false));
        assertEquals(0, count(inet(), "masquerade"), "without masquerade, the network's rules go");
    }

    @Test
    void removeNetworkDeletesOnlyThatNetworksRulesEvenDuplicated() {
        firewall.ensureNetwork(net("neta", "tbr-a", "10.1.0.0/24"));
        firewall.ensureNetwork(net("netb", "tbr-b", "10.2.0.0/24"));
        // What two processes racing to add the same rule leave behind.
        NetworkRules a = net("neta", "tbr-a", "10.1.0.0/24");
        Nftables.run(host, InetTable.addLine(InetTable.rules(a).get(InetTable.masqueradeComment(a, a.subnets().get(0)))));
        assertEquals(3, count(inet(), "masquerade"));
        assertTrue(firewall.networkInPlace(net("neta", "tbr-a", "10.1.0.0/24")), "a duplicate is harmless");

        firewall.removeNetwork("neta");
        String rules = inet();
        assertEquals(1, count(rules, "masquerade"), rules);
        assertTrue(rules.contains("tether:net:netb "), rules);
        firewall.removeNetwork("neta");
        firewall.removeNetwork("never-created");
    }

    @Test
    void isolationAndInternalRulesComeWithTheNetworkAndGoWithIt() {
        NetworkRules a = net("neta", "tbr-a", "10.1.0.0/24");
        NetworkRules internal = new NetworkRules("neti", "tbr-i", List.of(IpPrefix.parse("10.2.0.0/24")), false, true);
        firewall.ensureNetwork(a);
        firewall.ensureNetwork(internal);
        String rules = inet();
        assertTrue(rules.contains("\"tbr-a\" comment \"tether:net:neta bridge tbr-a\""), rules);
        assertTrue(rules.contains("\"tbr-i\" comment \"tether:net:neti bridge tbr-i\""), rules);
        assertTrue(rules.contains("iifname \"tbr-a\" oifname @bridges oifname != \"tbr-a\" ct status ! dnat drop comment \"tether:net:neta isolate tbr-a\""), rules);
        assertTrue(rules.contains("iifname \"tbr-i\" oifname != \"tbr-i\" drop"), rules);
        assertTrue(rules.contains("iifname != \"tbr-i\" oifname \"tbr-i\" drop"), rules);
        assertEquals(1, count(rules, "masquerade"), "the internal network is not masqueraded: " + rules);
        assertTrue(rules.contains("type filter hook forward priority filter; policy accept;"), rules);

        Nftables.run(host, "flush chain inet tether forward");
        assertFalse(firewall.networkInPlace(internal));
        firewall.ensureNetwork(internal);
        assertTrue(firewall.networkInPlace(internal));

        firewall.removeNetwork("neta");
        firewall.removeNetwork("neti");
        String after = inet();
        assertFalse(after.contains("tether:net:"), "no rule and no element left: " + after);
    }

    @Test
    void rulesFlushedByTheHostAreRestored() {
        NetworkRules a = net("neta", "tbr-a", "10.1.0.0/24");
        firewall.ensureNetwork(a);
        Nftables.run(host, "flush ruleset");
        assertFalse(firewall.networkInPlace(a));
        firewall.ensureNetwork(a);
        assertTrue(firewall.networkInPlace(a));
        Nftables.run(host, "flush chain inet tether postrouting");
        firewall.ensureNetwork(a);
        assertEquals(1, count(inet(), "masquerade"));
    }

    @Test
    void concurrentEnsuresInOneJvmAddEachRuleOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String subnet = "10." + (i % 4) + ".0.0/24";
                done.add(pool.submit(() -> firewall.ensureNetwork(net("neta", "tbr-a", subnet))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4, count(inet(), "masquerade"), inet());
    }

    @Test
    void longNetworkNamesAreHashedIntoTheComment() {
        String longName = "n".repeat(120);
        NetworkRules rules = net(longName, "tbr-a", "fd00:1234:5678:9abc::/64");
        firewall.ensureNetwork(rules);
        assertTrue(firewall.networkInPlace(rules));
        assertTrue(inet().contains("comment \"tether:net:#"), inet());
        firewall.removeNetwork(longName);
        assertEquals(0, count(inet(), "masquerade"));
    }

    @Test
    void macGuardElementsPerAttachment() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:0a");
        AttachmentKey a = new AttachmentKey("neta", "ctr-a", "eth0");
        AttachmentKey b = new AttachmentKey("neta", "ctr-b", "eth0");
        AttachmentKey other = new AttachmentKey("netb", "ctr-c", "eth0");
        firewall.guardMac(a, "vetha", mac);
        firewall.guardMac(b, "vethb", MacAddress.parse("02:00:00:00:00:0b"));
        firewall.guardMac(other, "vethc", MacAddress.parse("02:00:00:00:00:0c"));
        assertTrue(firewall.macGuarded(a, "vetha", mac));
        assertFalse(firewall.macGuarded(a, "vetha", MacAddress.parse("02:00:00:00:00:0b")));
        assertFalse(firewall.macGuarded(b, "vetha", mac));
        String table = Nftables.run(host, "list table bridge tether");
        assertEquals(1, count(table, "comment \"tether:macspoofchk\""), "one shared rule: " + table);

        assertEquals(2, firewall.collectGarbage("neta", List.of(a)), "b's two elements go");
        assertTrue(firewall.macGuarded(a, "vetha", mac));
        assertTrue(firewall.macGuarded(other, "vethc", MacAddress.parse("02:00:00:00:00:0c")), "other networks are untouched");
        firewall.releaseAttachment(a);
        firewall.releaseAttachment(a);
        assertFalse(firewall.macGuarded(a, "vetha", mac));
        assertEquals(0, firewall.collectGarbage("neta", List.of()));
    }
}
