package dev.tether.cni.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Json;
import dev.tether.natives.ip.IpPrefix;
import java.net.InetAddress;

/**
 * One subnet of a network as its IPAM section gives it (a host-local range): the subnet, its
 * gateway and the part of it addresses are handed out from.
 *
 * @param gateway null when the config leaves it to the IPAM plugin (the subnet's first address)
 * @param rangeStart null for the subnet's first address
 * @param rangeEnd null for the subnet's last usable address
 */
public record Subnet(IpPrefix subnet, InetAddress gateway, InetAddress rangeStart, InetAddress rangeEnd) {

    public boolean isIpv6() {
        return subnet.isIpv6();
    }

    /** The range object of an IPAM {@code ranges} set. */
    public ObjectNode toRange() {
        ObjectNode range = Json.object().put("subnet", subnet.toString());
        if (rangeStart != null) {
            range.put("rangeStart", Cidr.format(rangeStart));
        }
        if (rangeEnd != null) {
            range.put("rangeEnd", Cidr.format(rangeEnd));
        }
        if (gateway != null) {
            range.put("gateway", Cidr.format(gateway));
        }
        return range;
    }
}
