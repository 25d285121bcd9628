package dev.tether.cni.plugins.bridge;

import dev.tether.cni.net.Prefixes;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Result;
import dev.tether.cni.spec.Route;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference's calcGateways: what an IPAM result means for the container and the bridge.
 * Every address goes to the container interface (index 2); with isGateway an address without a
 * gateway gets the first address of its subnet, and that gateway (with the subnet's prefix
 * length) goes on the bridge; with isDefaultGateway each family without a default route through a
 * gateway gets one through its first address's gateway.
 *
 * @param bridgeAddresses the gateway addresses the bridge must carry (empty unless isGateway)
 */
record GatewayPlan(List<Result.IpConfig> ips, List<Route> routes, List<IpPrefix> bridgeAddresses) {
    /** The index of the container interface in tether-bridge's result: bridge, host veth, container. */
    static final int CONTAINER_INTERFACE = 2;

    static GatewayPlan of(Result ipam, boolean isGateway, boolean isDefaultGateway) {
        List<Result.IpConfig> ips = new ArrayList<>();
        List<Route> routes = new ArrayList<>(ipam.routes());
        Set<IpPrefix> bridgeAddresses = new LinkedHashSet<>();
        boolean[] defaultRouteFound = {false, false}; // IPv4, IPv6
        for (Result.IpConfig ip : ipam.ips()) {
            InetAddress gateway = ip.gateway();
            if (gateway == null && isGateway) {
                gateway = firstHost(ip.address());
            }
            ips.add(new Result.IpConfig(ip.address(), gateway, CONTAINER_INTERFACE));
            int family = ip.isIpv4() ? 0 : 1;
            if (isDefaultGateway && !defaultRouteFound[family]) {
                Cidr any = Cidr.parse(ip.isIpv4() ? "0.0.0.0/0" : "::/0");
                if (routes.stream().noneMatch(r -> r.gw() != null && r.dst().equals(any))) {
                    routes.add(Route.of(any, gateway));
                }
                defaultRouteFound[family] = true;
            }
            if (isGateway) {
                bridgeAddresses.add(new IpPrefix(gateway, ip.address().prefixLength()));
            }
        }
        return new GatewayPlan(List.copyOf(ips), List.copyOf(routes), List.copyOf(bridgeAddresses));
    }

    /** The subnets of the addresses, for the network's masquerade rules. */
    List<IpPrefix> subnets() {
        return ips.stream().map(ip -> Prefixes.of(ip.address()).network()).distinct().toList();
    }

    /** The address after the subnet's network address, e.g. 10.88.0.1 for 10.88.0.5/16 (the reference's rule). */
    static InetAddress firstHost(Cidr address) {
        return InetAddresses.add(Prefixes.of(address).firstAddress(), 1);
    }
}
