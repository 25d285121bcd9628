package dev.tether.natives.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.rtnl.route.Route;
import dev.tether.natives.testing.Commands;
import dev.tether.natives.testing.TestNamespaces;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgeVethTrafficTest {
    private final TestNamespaces namespaces = new TestNamespaces();

    @AfterEach
    void cleanUp() {
        namespaces.close();
    }

    @Test
    void tcpCrossesVethBridgeAndRouteBetweenNamespaces() throws Exception {
        BridgedPair pair = new BridgedPair(namespaces, "trf");
        pair.build();

        assertEquals("v4@" + pair.host.inode(), pair.exchange(BridgedPair.SERVICE_V4, "v4"));
        assertEquals("v6@" + pair.host.inode(), pair.exchange(BridgedPair.SERVICE_V6, "v6"));

        // What the kernel says, through this module and through iproute2.
        try (Netlink c = Netlink.open(pair.container)) {
            Veth eth0 = assertInstanceOf(Veth.class, c.links().get("eth0"));
            assertEquals(BridgedPair.CONTAINER_MAC, eth0.attrs().mac());
            assertTrue(eth0.attrs().isUp());
            List<Addr> addrs = c.addresses().list(eth0.index(), Family.IPV4);
            assertEquals(List.of(BridgedPair.CONTAINER_V4), addrs.stream().map(Addr::prefix).toList());
            Route defaultRoute = c.routes().list(Family.IPV4).stream().filter(Route::isDefault).findFirst().orElseThrow();
            assertEquals(BridgedPair.BRIDGE_V4.address(), defaultRoute.gateway());
        }
        String hostName = namespaces.names().get(0);
        assertTrue(Commands.run("ip", "-n", hostName, "-o", "link", "show", "master", "br0").contains("veth0@"));
        String containerName = namespaces.names().get(1);
        assertTrue(Commands.run("ip", "-n", containerName, "route", "show").contains("default via 10.77.0.1 dev eth0"));
        Commands.run("ip", "netns", "exec", containerName, "ping", "-c", "1", "-W", "5", "10.77.0.1");
        try (Netlink h = Netlink.open(pair.host)) {
            Link veth0 = h.links().get("veth0");
            assertEquals(h.links().indexOf("br0"), veth0.attrs().masterIndex());
        }
    }
}
