package dev.tether.natives.rtnl;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.addr.AddrFlags;
import dev.tether.natives.rtnl.link.Bridge;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.rtnl.route.Route;
import dev.tether.natives.testing.TestNamespaces;

/**
 * The shape the bridge plugin builds, made with this module only: a "host" namespace with bridge
 * br0 and a service address on lo, a "container" namespace whose eth0 is the peer of the host's
 * veth0 (created directly inside it), addresses on both sides, default routes in the container.
 * Every pair uses the same names and addresses: only the namespaces tell them apart.
 */
final class BridgedPair {
    static final IpPrefix BRIDGE_V4 = IpPrefix.parse("10.77.0.1/24");
    static final IpPrefix CONTAINER_V4 = IpPrefix.parse("10.77.0.2/24");
    static final InetAddress SERVICE_V4 = InetAddresses.parse("10.200.0.1");
    static final IpPrefix BRIDGE_V6 = IpPrefix.parse("fd00:77::1/64");
    static final IpPrefix CONTAINER_V6 = IpPrefix.parse("fd00:77::2/64");
    static final InetAddress SERVICE_V6 = InetAddresses.parse("fd00:200::1");
    static final MacAddress CONTAINER_MAC = MacAddress.parse("02:77:00:00:00:02");

    final NetNs host;
    final NetNs container;

    BridgedPair(TestNamespaces namespaces, String tag) {
        this.host = namespaces.create(tag + "h");
        this.container = namespaces.create(tag + "c");
    }

    /** Builds the topology through one netlink handle per namespace. */
    void build() {
        try (Netlink h = Netlink.open(host); Netlink c = Netlink.open(container)) {
            h.links().setUp("lo");
            h.links().add(Bridge.named("br0"));
            int bridge = h.links().indexOf("br0");
            h.links().add(new Veth(LinkAttrs.named("veth0").withMaster(bridge).withUp(true),
                    LinkAttrs.named("eth0").withMac(CONTAINER_MAC), container));
            h.links().setUp("br0");
            h.addresses().add(Addr.of(bridge, BRIDGE_V4));
            h.addresses().add(Addr.of(bridge, BRIDGE_V6).withFlags(AddrFlags.NODAD));
            int lo = h.links().indexOf("lo");
            h.addresses().add(Addr.of(lo, IpPrefix.host(SERVICE_V4)));
            h.addresses().add(Addr.of(lo, IpPrefix.host(SERVICE_V6)).withFlags(AddrFlags.NODAD));

            c.links().setUp("lo");
            int eth0 = c.links().indexOf("eth0");
            c.addresses().add(Addr.of(eth0, CONTAINER_V4));
            c.addresses().add(Addr.of(eth0, CONTAINER_V6).withFlags(AddrFlags.NODAD));
            c.links().setUp("eth0");
            c.routes().add(Route.defaultVia(BRIDGE_V4.address()));
            c.routes().add(Route.to(IpPrefix.parse("fd00:200::/64")).withGateway(BRIDGE_V6.address()));
        }
    }

    /**
     * Connects over TCP from the container to the host's service address (through eth0, veth0, br0
     * and the container's route), sends the token and returns what the host's server answered:
     * the token followed by the server's namespace inode.
     */
    String exchange(InetAddress service, String token) throws Exception {
        try (ServerSocket server = host.call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(service, 0)); // the socket belongs to the host namespace
            return s;
        })) {
            server.setSoTimeout(10_000);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket peer = server.accept()) {
                    String got = new DataInputStream(peer.getInputStream()).readUTF();
                    new DataOutputStream(peer.getOutputStream()).writeUTF(got + "@" + host.inode());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            int port = server.getLocalPort();
            String answer = container.call(() -> {
                try (Socket client = new Socket()) {
                    client.connect(new InetSocketAddress(service, port), 10_000);
                    client.setSoTimeout(10_000);
                    new DataOutputStream(client.getOutputStream()).writeUTF(token);
                    return new DataInputStream(client.getInputStream()).readUTF();
                }
            });
            served.get(10, TimeUnit.SECONDS);
            return answer;
        }
    }
}
