package dev.tether.natives.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.addr.AddrFlags;
import dev.tether.natives.rtnl.link.Bridge;
import dev.tether.natives.rtnl.route.Route;
import dev.tether.natives.testing.Commands;
import dev.tether.natives.testing.TestNamespaces;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AddressRouteTest {
    private final TestNamespaces namespaces = new TestNamespaces();
    private String name;
    private Netlink nl;
    private int br0;

    @BeforeEach
    void setUp() {
        nl = Netlink.open(namespaces.create("addr"));
        name = namespaces.names().get(0);
        nl.links().add(Bridge.named("br0"));
        nl.links().setUp("br0");
        br0 = nl.links().indexOf("br0");
    }

    @AfterEach
    void cleanUp() {
        nl.close();
        namespaces.close();
    }

    private List<IpPrefix> prefixes(Family family) {
        return nl.addresses().list(br0, family).stream().filter(a -> a.scope() == Scope.UNIVERSE).map(Addr::prefix).toList();
    }

    @Test
    void ipv4Addresses() {
        Addr addr = Addr.of(br0, IpPrefix.parse("10.20.0.1/24"));
        nl.addresses().add(addr);
        nl.addresses().add(Addr.of(br0, IpPrefix.parse("10.20.0.2/24")));
        assertEquals(List.of(IpPrefix.parse("10.20.0.1/24"), IpPrefix.parse("10.20.0.2/24")), prefixes(Family.IPV4));
        Addr read = nl.addresses().list(br0, Family.IPV4).get(0);
        assertEquals(InetAddresses.parse("10.20.0.255"), read.broadcast());
        assertTrue(nl.addresses().list(br0, Family.IPV4).get(1).hasFlag(AddrFlags.SECONDARY));
        assertTrue(Commands.run("ip", "-n", name, "-4", "addr", "show", "dev", "br0").contains("inet 10.20.0.1/24 brd 10.20.0.255"));

        assertThrows(AlreadyExistsException.class, () -> nl.addresses().add(addr));
        nl.addresses().replace(addr);

        nl.addresses().delete(Addr.of(br0, IpPrefix.parse("10.20.0.2/24")));
        assertEquals(List.of(IpPrefix.parse("10.20.0.1/24")), prefixes(Family.IPV4));
        NotFoundException gone = assertThrows(NotFoundException.class,
                () -> nl.addresses().delete(Addr.of(br0, IpPrefix.parse("10.20.0.2/24"))));
        assertEquals(Errno.EADDRNOTAVAIL, gone.errno());
        assertThrows(NotFoundException.class, () -> nl.addresses().add(Addr.of(999, IpPrefix.parse("10.30.0.1/24"))));
    }

    @Test
    void ipv6AddressesWithNodadAreUsableAtOnce() {
        nl.addresses().add(Addr.of(br0, IpPrefix.parse("fd00:20::1/64")).withFlags(AddrFlags.NODAD));
        Addr read = nl.addresses().list(br0, Family.IPV6).stream()
                .filter(a -> a.address().equals(InetAddresses.parse("fd00:20::1"))).findFirst().orElseThrow();
        assertTrue(read.hasFlag(AddrFlags.NODAD));
        assertFalse(read.hasFlag(AddrFlags.TENTATIVE));
        assertTrue(Commands.run("ip", "-n", name, "-6", "addr", "show", "dev", "br0").contains("inet6 fd00:20::1/64 scope global nodad"));
        assertTrue(nl.addresses().list(Family.IPV4).isEmpty());
        nl.addresses().delete(read);
        assertFalse(prefixes(Family.IPV6).contains(IpPrefix.parse("fd00:20::1/64")));
    }

    @Test
    void ipv4RoutesAddReplaceListDelete() {
        nl.addresses().add(Addr.of(br0, IpPrefix.parse("10.20.0.1/24")));
        Route route = Route.to(IpPrefix.parse("10.99.0.0/16")).withGateway(InetAddresses.parse("10.20.0.254"));
        nl.routes().add(route);
        assertThrows(AlreadyExistsException.class, () -> nl.routes().add(route));
        Route listed = nl.routes().list(Family.IPV4).stream()
                .filter(r -> r.destination().equals(route.destination())).findFirst().orElseThrow();
        assertEquals(br0, listed.linkIndex());
        assertEquals(Scope.UNIVERSE, listed.scope());

        nl.routes().replace(route.withGateway(InetAddresses.parse("10.20.0.253")).withSource(InetAddresses.parse("10.20.0.1")));
        String shown = Commands.run("ip", "-n", name, "route", "show", "10.99.0.0/16");
        assertTrue(shown.contains("via 10.20.0.253 dev br0") && shown.contains("src 10.20.0.1"), shown);

        nl.routes().add(Route.to(IpPrefix.parse("10.98.0.0/16")).withLink(br0).withTable(100));
        assertTrue(nl.routes().list(Family.IPV4).stream().noneMatch(r -> r.destination().equals(IpPrefix.parse("10.98.0.0/16"))));
        List<Route> table100 = nl.routes().list(Family.IPV4, 100);
        assertEquals(1, table100.size());
        assertEquals(Scope.LINK, table100.get(0).scope());
        assertTrue(Commands.run("ip", "-n", name, "route", "show", "table", "100").contains("10.98.0.0/16 dev br0 scope link"));

        Route anyVia = Route.to(route.destination());
        nl.routes().delete(anyVia);
        NotFoundException gone = assertThrows(NotFoundException.class, () -> nl.routes().delete(anyVia));
        assertEquals(Errno.ESRCH, gone.errno());
        nl.routes().delete(table100.get(0));
        assertTrue(nl.routes().list(Family.IPV4, 100).isEmpty());

        NativeException unreachable = assertThrows(NativeException.class,
                () -> nl.routes().add(Route.defaultVia(InetAddresses.parse("192.0.2.1"))));
        assertEquals(Errno.ENETUNREACH, unreachable.errno());
    }

    @Test
    void routesAddedAlongsideKeepOtherNextHops() {
        nl.addresses().add(Addr.of(br0, IpPrefix.parse("10.20.0.1/24")));
        Route first = Route.defaultVia(InetAddresses.parse("10.20.0.254")).withLink(br0);
        Route second = Route.defaultVia(InetAddresses.parse("10.20.0.253")).withLink(br0);
        nl.routes().addAlongside(first);
        assertThrows(AlreadyExistsException.class, () -> nl.routes().add(second), "exclusive add refuses a second default");
        nl.routes().addAlongside(second);
        assertEquals(2, nl.routes().list(Family.IPV4).stream().filter(Route::isDefault).count());
        assertThrows(AlreadyExistsException.class, () -> nl.routes().addAlongside(first), "an identical route is still refused");
    }

    @Test
    void ipv6RoutesAddListDelete() {
        nl.addresses().add(Addr.of(br0, IpPrefix.parse("fd00:20::1/64")).withFlags(AddrFlags.NODAD));
        Route route = Route.to(IpPrefix.parse("fd00:99::/64")).withGateway(InetAddresses.parse("fd00:20::fe")).withPriority(50);
        nl.routes().add(route);
        Route listed = nl.routes().list(Family.IPV6).stream()
                .filter(r -> r.destination().equals(route.destination())).findFirst().orElseThrow();
        assertEquals(route.gateway(), listed.gateway());
        assertEquals(50, listed.priority());
        assertTrue(Commands.run("ip", "-n", name, "-6", "route", "show").contains("fd00:99::/64 via fd00:20::fe dev br0"));
        Route defaultRoute = Route.defaultVia(InetAddresses.parse("fd00:20::fe"));
        nl.routes().add(defaultRoute);
        assertTrue(nl.routes().list(Family.IPV6).stream().anyMatch(Route::isDefault));
        nl.routes().delete(defaultRoute);
        nl.routes().delete(route);
        assertThrows(NotFoundException.class, () -> nl.routes().delete(route));
        assertTrue(nl.routes().list(Family.IPV6).stream().noneMatch(r -> r.gateway() != null));
    }
}
