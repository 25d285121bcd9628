package dev.tether.cni.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.firewall.PortForward.Protocol;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.nft.Nftables;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Published ports as map elements, against libnftables in a namespace of its own (traffic: PortMapTrafficTest). */
class PortPublishingTest extends FirewallNamespaceTest {
    private static final AttachmentKey A = new AttachmentKey("pnet", "ctr-a", "eth0");
    private static final AttachmentKey B = new AttachmentKey("pnet", "ctr-b", "eth0");
    private static final AttachmentKey OTHER_NET = new AttachmentKey("qnet", "ctr-c", "eth0");
    private static final List<IpPrefix> HAIRPIN = List.of(IpPrefix.parse("10.9.0.0/24"), IpPrefix.parse("127.0.0.0/8"),
            IpPrefix.parse("fd09::/64"));

    private static InetAddress ip(String text) {
        return InetAddresses.parse(text);
    }

    private static PortForward tcp(String hostIp, int hostPort, String containerIp, int containerPort) {
        return new PortForward(Protocol.TCP, hostIp == null ? null : ip(hostIp), hostPort, ip(containerIp), containerPort);
    }

    @Test
    void theFirstPublishMakesTheChainsAndEveryPortIsOneElement() {
        PortForward web = tcp(null, 8080, "10.9.0.2", 80);
        PortForward dns = new PortForward(Protocol.UDP, ip("192.0.2.1"), 5353, ip("10.9.0.2"), 53);
        PortForward web6 = tcp(null, 8080, "fd09::2", 80);
        firewall.publish(A, List.of(web, dns, web6), HAIRPIN);
        String table = inet();
        assertTrue(table.contains("0.0.0.0/0 . tcp . 8080 comment \"" + A.tag()), table);
        assertTrue(table.contains(": 10.9.0.2 . 80"), table);
        assertTrue(table.contains("192.0.2.1 . udp . 5353 comment"), table);
        assertTrue(table.contains("::/0 . tcp . 8080 comment"), table);
        assertTrue(table.contains("10.9.0.0/24 . 10.9.0.2 comment") && table.contains("127.0.0.0/8 . 10.9.0.2 comment")
                && table.contains("fd09::/64 . fd09::2 comment"), "hairpin and localhost masquerade, per family: " + table);
        assertFalse(table.contains("127.0.0.0/8 . fd09::2"), table);
        assertTrue(table.contains("fib daddr type local jump portmap"), table);
        assertTrue(table.contains("dnat ip to ip daddr . meta l4proto . th dport map @portmap4"), table);
        assertTrue(table.contains("iifname != \"lo\" ip daddr 127.0.0.0/8 drop"), table);
        assertEquals(1, count(table, "type nat hook prerouting"), "no chain per container: " + table);

        assertEquals(List.of(web, dns, web6).stream().sorted(java.util.Comparator.comparing(PortForward::toString)).toList(),
                firewall.publishedPorts(A).stream().sorted(java.util.Comparator.comparing(PortForward::toString)).toList());
        assertTrue(firewall.published(A, List.of(web, dns, web6), HAIRPIN));
        assertTrue(firewall.publishedPorts().stream().allMatch(m -> m.holder().equals("container ctr-a (eth0 on network pnet)")));
    }

    @Test
    void publishingAgainChangesNothingAndADifferentSetReplacesTheOld() {
        PortForward web = tcp(null, 8080, "10.9.0.2", 80);
        firewall.publish(A, List.of(web), HAIRPIN);
        String before = inet();
        firewall.publish(A, List.of(web), HAIRPIN);
        assertEquals(before, inet(), "idempotent");

        PortForward moved = tcp(null, 8080, "10.9.0.7", 80);
        PortForward extra = tcp("192.0.2.1", 9090, "10.9.0.7", 90);
        firewall.publish(A, List.of(moved, extra), HAIRPIN);
        assertEquals(2, firewall.publishedPorts(A).size());
        assertTrue(firewall.publishedPorts(A).containsAll(List.of(moved, extra)));
        String table = inet();
        assertFalse(table.contains("10.9.0.2"), "the old address's elements went: " + table);
    }

    @Test
    void aRepublishWithNoKeyInCommonStillLeavesExactlyTheNewPorts() {
        firewall.publish(A, List.of(tcp(null, 8080, "10.9.0.2", 80)), List.of());
        firewall.publish(A, List.of(tcp(null, 9090, "10.9.0.2", 90)), List.of());
        assertEquals(List.of(tcp(null, 9090, "10.9.0.2", 90)), firewall.publishedPorts(A), "without masquerading");

        firewall.publish(A, List.of(tcp("192.0.2.1", 7070, "10.9.0.7", 70)), HAIRPIN);
        assertEquals(List.of(tcp("192.0.2.1", 7070, "10.9.0.7", 70)), firewall.publishedPorts(A), "with a new address");
        assertFalse(inet().contains("10.9.0.2"), "the old address's masquerade elements went: " + inet());
    }

    @Test
    void aPortAnotherAttachmentPublishesIsRefusedNamingItAndNothingChanges() {
        firewall.publish(A, List.of(tcp(null, 8080, "10.9.0.2", 80)), HAIRPIN);
        String before = inet();
        PortConflictException same = assertThrows(PortConflictException.class,
                () -> firewall.publish(B, List.of(tcp(null, 8081, "10.9.0.3", 81), tcp(null, 8080, "10.9.0.3", 80)), HAIRPIN));
        assertTrue(same.getMessage().contains("0.0.0.0:8080/tcp is already published by container ctr-a (eth0 on network pnet)"),
                same.getMessage());
        assertThrows(PortConflictException.class,
                () -> firewall.publish(OTHER_NET, List.of(tcp("192.0.2.1", 8080, "10.8.0.3", 80)), List.of()),
                "one address of the host overlaps every address");
        assertEquals(before, inet(), "nothing of B was added");

        firewall.publish(B, List.of(new PortForward(Protocol.UDP, null, 8080, ip("10.9.0.3"), 80),
                tcp(null, 8080, "fd09::3", 80)), HAIRPIN);
        assertEquals(2, firewall.publishedPorts(B).size(), "udp, and the other family, are other ports");
    }

    @Test
    void onlyTheAddressOfAMappingIsTakenAndAnyAddressOverlapsIt() {
        firewall.publish(A, List.of(tcp("192.0.2.1", 8080, "10.9.0.2", 80)), HAIRPIN);
        firewall.publish(B, List.of(tcp("192.0.2.3", 8080, "10.9.0.3", 80)), HAIRPIN);
        assertThrows(PortConflictException.class, () -> firewall.publish(OTHER_NET, List.of(tcp(null, 8080, "10.8.0.3", 80)),
                List.of()));
        assertThrows(IllegalArgumentException.class, () -> firewall.publish(OTHER_NET, List.of(tcp(null, 7070, "10.8.0.3", 80),
                tcp("192.0.2.1", 7070, "10.8.0.3", 81)), List.of()), "a request overlapping itself");
    }

    @Test
    void theKernelRefusesAPortAnotherProcessTookBetweenTheListAndTheWrite() {
        firewall.publish(B, List.of(tcp(null, 8000, "10.9.0.3", 80)), HAIRPIN);
        AtomicBoolean raced = new AtomicBoolean();
        // The planner runs after the list: write a competing element there, as another process would.
        TetherFirewall.PortPlanner racing = published -> {
            if (raced.compareAndSet(false, true)) {
                Nftables.run(host, PortMapTable.create(tcp(null, 8081, "10.9.0.9", 81), OTHER_NET.comment()) + "\n");
            }
            int port = 8080;
            while (true) {
                int candidate = port;
                if (published.stream().noneMatch(m -> m.forward().hostPort() == candidate)) {
                    return List.of(tcp(null, candidate, "10.9.0.2", 80));
                }
                port++;
            }
        };
        // First plan: 8080 is free. The racing write takes 8081, not 8080: the write goes through.
        assertEquals(List.of(tcp(null, 8080, "10.9.0.2", 80)), firewall.publish(A, racing, HAIRPIN));

        AtomicBoolean raced2 = new AtomicBoolean();
        TetherFirewall.PortPlanner pick = published -> {
            if (raced2.compareAndSet(false, true)) {
                Nftables.run(host, PortMapTable.create(tcp(null, 9000, "10.9.0.9", 90), OTHER_NET.comment()) + "\n");
            }
            for (int port = 9000; ; port++) {
                int candidate = port;
                if (published.stream().noneMatch(m -> m.forward().hostPort() == candidate && !m.ownedBy(A))) {
                    return List.of(tcp(null, 8080, "10.9.0.2", 80), tcp(null, candidate, "10.9.0.2", 90));
                }
            }
        };
        // First plan picks 9000, which the race took: the kernel refuses, the planner looks again and picks 9001.
        List<PortForward> published = firewall.publish(A, pick, HAIRPIN);
        assertEquals(9001, published.get(1).hostPort());
        assertTrue(firewall.publishedPorts(A).contains(tcp(null, 9001, "10.9.0.2", 90)));
        assertTrue(firewall.publishedPorts(OTHER_NET).contains(tcp(null, 9000, "10.9.0.9", 90)));
    }

    @Test
    void unpublishRemovesExactlyTheAttachmentsElementsAndGcThoseNotKept() {
        firewall.publish(A, List.of(tcp(null, 8080, "10.9.0.2", 80)), HAIRPIN);
        firewall.publish(B, List.of(tcp(null, 8081, "10.9.0.3", 80)), HAIRPIN);
        firewall.publish(OTHER_NET, List.of(tcp(null, 8082, "10.8.0.3", 80)), List.of(IpPrefix.parse("127.0.0.0/8")));
        assertEquals(3, firewall.unpublish(A), "one port, two masquerade elements");
        assertEquals(0, firewall.unpublish(A), "again: nothing left, no error");
        assertEquals(List.of(), firewall.publishedPorts(A));
        assertEquals(1, firewall.publishedPorts(B).size());
        assertFalse(inet().contains("10.9.0.2"));

        assertEquals(3, firewall.collectGarbage("pnet", List.of()), "B's port and masquerade elements");
        assertEquals(1, firewall.publishedPorts().size(), "the other network's port stays");
        firewall.releaseAttachment(OTHER_NET);
        assertEquals(List.of(), firewall.publishedPorts());
        assertTrue(inet().contains("jump portmap"), "the static chains stay");
    }

    @Test
    void aMasqueradeElementOfAGoneAttachmentWithTheSameAddressIsTakenOver() {
        firewall.publish(A, List.of(tcp(null, 8080, "10.9.0.2", 80)), HAIRPIN);
        firewall.unpublish(A);
        // A crashed runtime left B's masquerade for the address without its port (as a failed DEL would).
        Nftables.run(host, PortMapTable.create(new PortMapTable.Masquerade(IpPrefix.parse("10.9.0.0/24"), ip("10.9.0.2")),
                B.comment()) + "\n");
        firewall.publish(A, List.of(tcp(null, 8080, "10.9.0.2", 80)), HAIRPIN);
        assertTrue(firewall.published(A, List.of(tcp(null, 8080, "10.9.0.2", 80)), HAIRPIN));
        assertFalse(inet().contains(B.tag()), inet());
    }

    @Test
    void flushedChainsComeBackWithTheNextPublishAndTheElementsStay() {
        firewall.publish(A, List.of(tcp(null, 8080, "10.9.0.2", 80)), HAIRPIN);
        Nftables.run(host, "flush chain inet tether portmap_prerouting");
        assertFalse(firewall.published(A, List.of(tcp(null, 8080, "10.9.0.2", 80)), HAIRPIN));
        firewall.publish(B, List.of(tcp(null, 8081, "10.9.0.3", 80)), HAIRPIN);
        assertTrue(firewall.published(A, List.of(tcp(null, 8080, "10.9.0.2", 80)), HAIRPIN));
        assertEquals(2, count(inet(), "jump portmap"), "written afresh, not twice: prerouting and output jump once each: "
                + inet());
    }
}
