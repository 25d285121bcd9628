package dev.tether.natives.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.link.Bridge;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.rtnl.link.Vxlan;
import dev.tether.natives.rtnl.neigh.Neigh;
import dev.tether.natives.rtnl.neigh.NeighFlags;
import dev.tether.natives.rtnl.neigh.NeighState;
import dev.tether.natives.testing.Commands;
import dev.tether.natives.testing.TestNamespaces;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NeighbourTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:09");
    private static final MacAddress ZERO = MacAddress.parse("00:00:00:00:00:00");
    private final TestNamespaces namespaces = new TestNamespaces();
    private String name;
    private Netlink nl;

    @BeforeEach
    void setUp() {
        nl = Netlink.open(namespaces.create("neigh"));
        name = namespaces.names().get(0);
    }

    @AfterEach
    void cleanUp() {
        nl.close();
        namespaces.close();
    }

    @Test
    void staticArpEntries() {
        nl.links().add(Bridge.named("br0"));
        nl.links().setUp("br0");
        int br0 = nl.links().indexOf("br0");
        nl.addresses().add(Addr.of(br0, IpPrefix.parse("10.30.0.1/24")));
        InetAddress ip = InetAddresses.parse("10.30.0.9");
        Neigh entry = Neigh.arp(br0, ip, MAC);
        nl.neighbours().add(entry);
        assertThrows(AlreadyExistsException.class, () -> nl.neighbours().add(entry));
        assertEquals(List.of(entry), nl.neighbours().list(Family.IPV4, br0).stream().filter(n -> ip.equals(n.ip())).toList());
        assertTrue(Commands.run("ip", "-n", name, "neigh", "show", "dev", "br0")
                .contains("10.30.0.9 lladdr 02:00:00:00:00:09 PERMANENT"));

        MacAddress other = MacAddress.parse("02:00:00:00:00:0a");
        nl.neighbours().replace(Neigh.arp(br0, ip, other));
        assertEquals(other, nl.neighbours().list(Family.IPV4, br0).stream().filter(n -> ip.equals(n.ip()))
                .findFirst().orElseThrow().mac());

        nl.neighbours().delete(entry);
        assertThrows(NotFoundException.class, () -> nl.neighbours().delete(entry));
        assertTrue(nl.neighbours().list(Family.IPV4, br0).stream().noneMatch(n -> ip.equals(n.ip())));
    }

    @Test
    void vxlanAndBridgeForwardingDatabase() {
        nl.links().add(Bridge.named("br0"));
        int bridge = nl.links().indexOf("br0");
        nl.links().add(new Vxlan(LinkAttrs.named("vx0").withMaster(bridge), 7, InetAddresses.parse("10.1.1.1"), null, 0,
                4789, false));
        int vx0 = nl.links().indexOf("vx0");
        InetAddress remote1 = InetAddresses.parse("192.168.50.2");
        InetAddress remote2 = InetAddresses.parse("192.168.50.3");
        nl.neighbours().append(Neigh.fdb(vx0, ZERO).withIp(remote1));
        nl.neighbours().append(Neigh.fdb(vx0, ZERO).withIp(remote2));
        nl.neighbours().add(Neigh.fdb(vx0, MAC).withIp(remote1));

        List<Neigh> fdb = nl.neighbours().list(Family.BRIDGE, vx0).stream()
                .filter(n -> (n.flags() & NeighFlags.SELF) != 0 && n.ip() != null).toList();
        assertEquals(3, fdb.size(), fdb.toString());
        assertTrue(fdb.stream().allMatch(n -> n.state() == NeighState.PERMANENT));
        String shown = Commands.run("bridge", "-n", name, "fdb", "show", "dev", "vx0");
        assertTrue(shown.contains("00:00:00:00:00:00 dst 192.168.50.2 self permanent")
                && shown.contains("00:00:00:00:00:00 dst 192.168.50.3 self permanent")
                && shown.contains("02:00:00:00:00:09 dst 192.168.50.2 self permanent"), shown);

        nl.neighbours().delete(Neigh.fdb(vx0, ZERO).withIp(remote2));
        assertEquals(2, nl.neighbours().list(Family.BRIDGE, vx0).stream().filter(n -> n.ip() != null).count());
        // The kernel ignores a remote that is not there if the MAC still has others; a MAC it does not know is an error.
        assertThrows(NotFoundException.class, () -> nl.neighbours().delete(Neigh.fdb(vx0, MacAddress.parse("02:00:00:00:00:77"))));

        // A static entry in the bridge's own FDB, on a port.
        nl.links().add(new Veth(LinkAttrs.named("va").withMaster(bridge), LinkAttrs.named("vb"), null));
        int va = nl.links().indexOf("va");
        MacAddress station = MacAddress.parse("02:00:00:00:00:42");
        nl.neighbours().add(Neigh.fdb(va, station).withFlags(NeighFlags.MASTER));
        assertTrue(nl.neighbours().list(Family.BRIDGE, va).stream()
                .anyMatch(n -> station.equals(n.mac()) && n.masterIndex() == bridge));
        assertTrue(Commands.run("bridge", "-n", name, "fdb", "show", "dev", "va").contains("02:00:00:00:00:42 master br0 permanent"));
    }
}
