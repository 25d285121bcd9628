package dev.tether.cni.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.natives.ip.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Script text, comments, tags and listings without a kernel. */
class FirewallTextTest {

    @Test
    void namesAreQuotedAndAnythingThatCouldEscapeIsRefused() {
        assertEquals("\"tether0\"", NftText.quote("tether0"));
        assertThrows(IllegalArgumentException.class, () -> NftText.quote("br\"; flush ruleset"));
        assertThrows(IllegalArgumentException.class, () -> NftText.quote("a b"));
        assertThrows(IllegalArgumentException.class, () -> NftText.quote("a\\b"));
        assertThrows(IllegalArgumentException.class, () -> new NetworkRules("n", "br\"0", List.of(), true));
        assertEquals(128 + "comment \"\"".length(), NftText.comment("x".repeat(300)).length(), "cut to nft's limit");
    }

    @Test
    void attachmentTagsIdentifyNetworkAndAttachment() {
        AttachmentKey key = new AttachmentKey("net", "ctr", "eth0");
        assertTrue(key.tag().matches("tether:att:[0-9a-f]{12}:[0-9a-f]{12}"), key.tag());
        assertTrue(key.comment().startsWith(key.tag() + " net eth0 ctr"));
        assertTrue(key.owns(key.comment()));
        assertTrue(key.owns(key.tag()));
        assertFalse(key.owns(new AttachmentKey("net", "ctr", "eth1").comment()));
        assertFalse(key.owns(key.tag() + "0"));
        assertTrue(new AttachmentKey("net", "ctr2", "eth0").tag().startsWith(AttachmentKey.networkTag("net")));
        assertTrue(new AttachmentKey("net\"", "c\"tr", "e th0").comment().endsWith(" net? e?th0 c?tr"));
    }

    @Test
    void subnetsAreNormalizedAndDeduplicated() {
        NetworkRules rules = new NetworkRules("n", "br0",
                List.of(IpPrefix.parse("10.0.0.5/24"), IpPrefix.parse("10.0.0.9/24"), IpPrefix.parse("fd00::5/64")), true);
        assertEquals(List.of(IpPrefix.parse("10.0.0.0/24"), IpPrefix.parse("fd00::/64")), rules.subnets());
    }

    @Test
    void listingsReadRulesAndElementsWithAndWithoutComments() {
        String json = """
                {"nftables": [{"metainfo": {"version": "1.0.6"}},
                 {"table": {"family": "bridge", "name": "tether", "handle": 1}},
                 {"set": {"family": "bridge", "name": "mac_ports", "table": "tether", "type": "ifname", "handle": 1,
                   "elem": [{"elem": {"val": "veth1", "comment": "tether:att:a:b x"}}, "veth2"]}},
                 {"set": {"family": "bridge", "name": "mac_allowed", "table": "tether", "type": ["ifname", "ether_addr"],
                   "elem": [{"elem": {"val": {"concat": ["veth1", "02:00:00:00:00:01"]}, "comment": "tether:att:a:b x"}}]}},
                 {"rule": {"family": "bridge", "table": "tether", "chain": "prerouting", "handle": 4, "comment": "tether:macspoofchk"}},
                 {"rule": {"family": "bridge", "table": "tether", "chain": "prerouting", "handle": 5}}]}""";
        Listing listing = Listing.parse(json);
        assertTrue(listing.exists());
        assertEquals(List.of(new Listing.Rule("prerouting", 4, "tether:macspoofchk"), new Listing.Rule("prerouting", 5, null)),
                listing.rules());
        assertEquals(List.of(new Listing.Element("mac_ports", List.of("veth1"), "tether:att:a:b x"),
                new Listing.Element("mac_ports", List.of("veth2"), null),
                new Listing.Element("mac_allowed", List.of("veth1", "02:00:00:00:00:01"), "tether:att:a:b x")), listing.elements());
        assertEquals(1, listing.rulesCommented("tether:mac").size());
    }

    @Test
    void theDiffAddsWhatIsMissingAndDeletesWhatIsWrong() {
        NetworkRules net = new NetworkRules("n", "br0", List.of(IpPrefix.parse("10.0.0.0/24"), IpPrefix.parse("10.1.0.0/24")), true);
        Listing.Rule isolation = new Listing.Rule("forward", 6, "tether:net:n isolate br0");
        Listing table = new Listing(true, List.of(isolation,
                new Listing.Rule("postrouting", 7, "tether:net:n masq 10.0.0.0/24 br0"),
                new Listing.Rule("postrouting", 8, "tether:net:n masq 10.1.0.0/24 old-br"),
                new Listing.Rule("postrouting", 9, "tether:net:n masq 10.9.0.0/24 br0"),
                new Listing.Rule("forward", 10, "tether:net:n internal-out br0"),
                new Listing.Rule("postrouting", 11, "tether:net:other masq 10.1.0.0/24 br0")),
                List.of(new Listing.Element("bridges", List.of("br0"), "tether:net:n bridge br0")));
        InetTable.Changes changes = InetTable.diff(table, net);
        assertEquals(List.of(8L, 10L), changes.deleteRules().stream().map(Listing.Rule::handle).toList(),
                "the rule naming another bridge and the internal rule go; other subnets and networks stay");
        assertEquals(List.of(), changes.deleteElements());
        assertEquals(1, changes.add().size());
        assertTrue(changes.add().get(0).startsWith("add rule inet tether postrouting ip saddr 10.1.0.0/24 "), changes.add().toString());
        assertTrue(changes.script().startsWith("add table inet tether\nadd set inet tether bridges { type ifname; }\n"
                + "add chain inet tether forward {"), changes.script());
    }

    @Test
    void aNetworkWithoutMasqueradeIsStillIsolatedAndAnInternalOneIsClosed() {
        InetTable.Changes plain = InetTable.diff(Listing.absent(), new NetworkRules("n", "br0", List.of(), false));
        assertEquals(List.of("add element inet tether bridges { \"br0\" comment \"tether:net:n bridge br0\" }",
                "add rule inet tether forward iifname \"br0\" oifname @bridges oifname != \"br0\" ct status & dnat == 0 drop"
                        + " comment \"tether:net:n isolate br0\""), plain.add());
        InetTable.Changes internal = InetTable.diff(Listing.absent(),
                new NetworkRules("i", "br1", List.of(IpPrefix.parse("10.2.0.0/24")), false, true));
        assertEquals(4, internal.add().size(), internal.add().toString());
        assertTrue(internal.add().contains("add rule inet tether forward iifname \"br1\" oifname != \"br1\" drop"
                + " comment \"tether:net:i internal-out br1\""), internal.add().toString());
        assertTrue(internal.add().contains("add rule inet tether forward iifname != \"br1\" oifname \"br1\" drop"
                + " comment \"tether:net:i internal-in br1\""), internal.add().toString());
        assertThrows(IllegalArgumentException.class, () -> new NetworkRules("i", "br1", List.of(), true, true));
    }

    @Test
    void aBridgeElementStaysWhileAnotherNetworkIsolatesTheSameBridge() {
        Listing shared = new Listing(true, List.of(new Listing.Rule("forward", 3, "tether:net:a isolate br0"),
                new Listing.Rule("forward", 4, "tether:net:b isolate br0")),
                List.of(new Listing.Element("bridges", List.of("br0"), "tether:net:a bridge br0")));
        InetTable.Changes removeA = InetTable.removal(shared, "a");
        assertEquals(List.of(3L), removeA.deleteRules().stream().map(Listing.Rule::handle).toList());
        assertEquals(List.of(), removeA.deleteElements(), "b still isolates br0");
        Listing onlyB = new Listing(true, List.of(new Listing.Rule("forward", 4, "tether:net:b isolate br0")), shared.elements());
        assertEquals(List.of("br0"), InetTable.removal(onlyB, "b").deleteElements(), "the element b used goes with b, whoever wrote it");
        assertTrue(InetTable.diff(onlyB, new NetworkRules("b", "br0", List.of(), false)).none(), "b finds its bridge in the set");
    }
}
