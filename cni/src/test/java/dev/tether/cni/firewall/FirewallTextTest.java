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
        Listing chain = new Listing(true, List.of(
                new Listing.Rule("postrouting", 7, "tether:net:n masq 10.0.0.0/24 br0"),
                new Listing.Rule("postrouting", 8, "tether:net:n masq 10.1.0.0/24 old-br"),
                new Listing.Rule("postrouting", 9, "tether:net:n masq 10.9.0.0/24 br0"),
                new Listing.Rule("postrouting", 10, "tether:net:other masq 10.1.0.0/24 br0")), List.of());
        MasqueradeRules.Changes changes = MasqueradeRules.diff(chain, net);
        assertEquals(List.of(8L), changes.deleteHandles(), "the rule naming another bridge; other subnets and networks stay");
        assertEquals(1, changes.addRules().size());
        assertTrue(changes.addRules().get(0).startsWith("ip saddr 10.1.0.0/24 "), changes.addRules().toString());
        assertTrue(changes.script().startsWith("add table inet tether\nadd chain inet tether postrouting {"), changes.script());
        assertTrue(MasqueradeRules.diff(Listing.absent(), new NetworkRules("n", "br0", List.of(), false)).none(),
                "nothing to write for a network without masquerade and no chain");
    }
}
