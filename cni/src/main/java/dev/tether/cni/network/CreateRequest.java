package dev.tether.cni.network;

import dev.tether.natives.ip.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * What {@code tether network create} was asked for, before anything is resolved.
 *
 * @param subnets empty: one from the default pool (and one IPv6 subnet too with {@code ipv6})
 * @param gateways each inside one of the subnets; a subnet without one gets its first address
 * @param ipRanges each inside one of the subnets: where container addresses come from
 * @param bridge null for a name made from the network's ID
 * @param mtu null for the kernel's default
 * @param icc null for true (containers of the network talk to each other)
 * @param options Docker-style driver options ({@code com.docker.network.bridge.name},
 *     {@code ...bridge.enable_icc}, {@code ...bridge.enable_ip_masquerade},
 *     {@code com.docker.network.driver.mtu} or {@code mtu}); all are kept in the network's record
 */
public record CreateRequest(String name, String driver, List<IpPrefix> subnets, List<InetAddress> gateways,
                           List<IpPrefix> ipRanges, boolean ipv6, String bridge, Integer mtu, boolean internal,
                           Boolean icc, Map<String, String> options, Map<String, String> labels) {

    public CreateRequest {
        subnets = List.copyOf(subnets);
        gateways = List.copyOf(gateways);
        ipRanges = List.copyOf(ipRanges);
        options = Map.copyOf(options);
        labels = Map.copyOf(labels);
    }

    /** A request with nothing but a name. */
    public static CreateRequest named(String name) {
        return new CreateRequest(name, null, List.of(), List.of(), List.of(), false, null, null, false, null, Map.of(), Map.of());
    }
}
