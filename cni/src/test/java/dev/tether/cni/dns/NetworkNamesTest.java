package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.dns.wire.DnsName;
import dev.tether.ipam.store.Lease;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-network index patched lease by lease, as ADD and DEL change it. */
class NetworkNamesTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void putAndRemoveOneLeaseAtATime() throws Exception {
        NetworkNames names = new NetworkNames("net");
        Lease web = Leases.of("net", "c1", "web", List.of("shared"), "10.1.0.5/24");
        Lease api = Leases.of("net", "c2", "api", List.of("shared"), "10.1.0.6/24");
        names.put(web);
        names.put(api);
        assertEquals(List.of(ip("10.1.0.5")), names.lookup(DnsName.of("web.net")));
        assertEquals(Set.of(ip("10.1.0.5"), ip("10.1.0.6")), Set.copyOf(names.lookup(DnsName.of("shared"))),
                "a name two containers share answers both");
        assertEquals(2, names.containers());
        assertEquals(Set.of(ip("10.1.0.1")), names.gateways());

        names.remove(web.key());
        assertNull(names.lookup(DnsName.of("web")));
        assertNull(names.reverse(ip("10.1.0.5")));
        assertFalse(names.hasAddress(ip("10.1.0.5")));
        assertEquals(List.of(ip("10.1.0.6")), names.lookup(DnsName.of("shared")));
        assertEquals(Set.of(ip("10.1.0.1")), names.gateways(), "api still uses the gateway");

        names.put(Leases.of("net", "c2", "api", List.of(), "10.1.0.6/24")); // the same attachment, now without alias
        assertNull(names.lookup(DnsName.of("shared")));
        names.remove(api.key());
        assertEquals(0, names.containers());
        assertEquals(Set.of(), names.gateways());
        assertFalse(names.isMember(ip("10.1.0.9")), "no leases: no subnet");
    }

    @Test
    void replaceAllKeepsExactlyTheGivenLeases() throws Exception {
        NetworkNames names = NetworkNames.of("net", List.of(
                Leases.of("net", "c1", "web", List.of(), "10.1.0.5/24"),
                Leases.of("net", "c2", "db", List.of(), "10.1.0.6/24")));
        names.replaceAll(List.of(Leases.of("net", "c2", "db", List.of("database"), "10.1.0.6/24"),
                Leases.of("net", "c3", "cache", List.of(), "10.1.0.7/24")));
        assertNull(names.lookup(DnsName.of("web")));
        assertEquals(List.of(ip("10.1.0.6")), names.lookup(DnsName.of("database")));
        assertEquals(DnsName.of("cache.net"), names.reverse(ip("10.1.0.7")));
        assertEquals(2, names.containers());
    }

    @Test
    void reservationsOnlyMarkTheSubnetAndInvalidNamesAreSkipped() throws Exception {
        NetworkNames names = NetworkNames.of("net", List.of(Leases.reservation("net", "10.1.0.200/24"),
                Leases.of("net", "c1", "bad..name", List.of("x".repeat(64), "ok"), "10.1.0.5/24")));
        assertEquals(1, names.containers());
        assertTrue(names.isMember(ip("10.1.0.99")));
        assertFalse(names.hasAddress(ip("10.1.0.200")));
        assertEquals(List.of(ip("10.1.0.5")), names.lookup(DnsName.of("ok.net")));
        assertEquals(DnsName.of("ok.net"), names.reverse(ip("10.1.0.5")), "the first valid name is the PTR target");
    }
}
