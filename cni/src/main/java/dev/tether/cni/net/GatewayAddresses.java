package dev.tether.cni.net;

import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.addr.AddrFlags;
import dev.tether.natives.rtnl.link.Link;

/** The gateway address of a network on its bridge (the reference's ensureAddr). */
public final class GatewayAddresses {
    private GatewayAddresses() {}

    /**
     * Puts the gateway address (with the subnet's prefix length) on the bridge unless it is there.
     * A bridge has one IPv4 address; IPv6 addresses may be several if their subnets do not
     * overlap. A conflicting address is removed when {@code force} is set, and an error otherwise.
     * IPv6 gateways skip duplicate address detection: the subnet is the network's own, and
     * containers can use the gateway at once.
     *
     * @throws CniException code 7 when the bridge has a conflicting address and force is off
     */
    public static void ensure(Namespace host, String bridge, IpPrefix gateway, boolean force) {
        Link link = host.links().get(bridge);
        Family family = gateway.isIpv6() ? Family.IPV6 : Family.IPV4;
        for (Addr existing : host.addresses().list(link.index(), family)) {
            if (existing.prefix().equals(gateway)) {
                return;
            }
            if (conflicts(existing.prefix(), gateway)) {
                if (!force) {
                    throw new CniException(ErrorCode.INVALID_NETWORK_CONFIG, "\"" + bridge + "\" already has an IP address "
                            + existing.prefix() + " different from " + gateway,
                            "set \"forceAddress\": true to replace it, or use another bridge for this network");
                }
                host.addresses().delete(existing);
            }
        }
        try {
            host.addresses().add(Addr.of(link.index(), gateway).withFlags(gateway.isIpv6() ? AddrFlags.NODAD : 0));
        } catch (AlreadyExistsException concurrent) {
            // another attachment added it between our list and add
        }
        // The bridge's MAC must not follow its ports once containers rely on the gateway's ARP entry.
        host.links().setMac(bridge, link.attrs().mac());
    }

    private static boolean conflicts(IpPrefix existing, IpPrefix gateway) {
        return !gateway.isIpv6() || existing.contains(gateway.address()) || gateway.contains(existing.address());
    }
}
