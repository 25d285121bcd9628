package dev.tether.natives.rtnl.link;

import java.net.InetAddress;

/**
 * A VXLAN tunnel endpoint.
 *
 * @param vni        the VXLAN network identifier (IFLA_VXLAN_ID)
 * @param local      source address of the tunnel, or null
 * @param group      multicast group or unicast remote, or null (then FDB entries say where to send)
 * @param vtepIndex  index of the underlay device, or 0
 * @param port       UDP destination port, or 0 for the kernel default (8472; 4789 is the IANA port)
 * @param learning   learn remote MACs from received packets; null for the kernel default (on)
 */
public record Vxlan(LinkAttrs attrs, int vni, InetAddress local, InetAddress group, int vtepIndex, int port,
                    Boolean learning) implements Link {
    public static final String KIND = "vxlan";

    public Vxlan {
        if (vni < 0 || vni > 0xffffff) {
            throw new IllegalArgumentException("VXLAN id " + vni + " is outside 0..16777215");
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("VXLAN port " + port + " is outside 0..65535");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }
}
