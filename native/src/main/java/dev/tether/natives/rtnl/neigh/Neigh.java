package dev.tether.natives.rtnl.neigh;

import java.net.InetAddress;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.rtnl.Family;

/**
 * A neighbour entry: an ARP/NDP entry (family IPV4/IPV6: ip is the neighbour's address) or a
 * bridge forwarding database entry (family BRIDGE: mac is the station, ip the VXLAN remote if any).
 *
 * @param linkIndex   the link the entry belongs to
 * @param family      IPV4, IPV6 or BRIDGE
 * @param ip          NDA_DST, or null
 * @param mac         NDA_LLADDR, or null
 * @param state       NUD_* state, see {@link NeighState}
 * @param flags       NTF_* flags, see {@link NeighFlags}
 * @param masterIndex NDA_MASTER (the bridge of an FDB entry), or 0
 * @param vlan        NDA_VLAN, or 0
 * @param vni         NDA_VNI (a VXLAN FDB entry's id), or 0
 */
public record Neigh(int linkIndex, Family family, InetAddress ip, MacAddress mac, int state, int flags,
                    int masterIndex, int vlan, int vni) {

    public Neigh {
        if (family == null || family == Family.ALL) {
            throw new IllegalArgumentException("a neighbour entry needs the family IPV4, IPV6 or BRIDGE");
        }
    }

    /** A permanent ARP (IPv4) or NDP (IPv6) entry: ip is at mac on the link. */
    public static Neigh arp(int linkIndex, InetAddress ip, MacAddress mac) {
        return new Neigh(linkIndex, Family.of(ip), ip, mac, NeighState.PERMANENT, 0, 0, 0, 0);
    }

    /** A permanent FDB entry of the device itself (NTF_SELF), e.g. on a VXLAN device. */
    public static Neigh fdb(int linkIndex, MacAddress mac) {
        return new Neigh(linkIndex, Family.BRIDGE, null, mac, NeighState.PERMANENT, NeighFlags.SELF, 0, 0, 0);
    }

    /** For an FDB entry: the VXLAN remote to send frames for this MAC to. */
    public Neigh withIp(InetAddress newIp) {
        return new Neigh(linkIndex, family, newIp, mac, state, flags, masterIndex, vlan, vni);
    }

    public Neigh withState(int newState) {
        return new Neigh(linkIndex, family, ip, mac, newState, flags, masterIndex, vlan, vni);
    }

    public Neigh withFlags(int newFlags) {
        return new Neigh(linkIndex, family, ip, mac, state, newFlags, masterIndex, vlan, vni);
    }

    public Neigh withMaster(int newMasterIndex) {
        return new Neigh(linkIndex, family, ip, mac, state, flags, newMasterIndex, vlan, vni);
    }

    public Neigh withVlan(int newVlan) {
        return new Neigh(linkIndex, family, ip, mac, state, flags, masterIndex, newVlan, vni);
    }

    public Neigh withVni(int newVni) {
        return new Neigh(linkIndex, family, ip, mac, state, flags, masterIndex, vlan, newVni);
    }

    @Override
    public String toString() {
        return (ip != null ? InetAddresses.format(ip) + " " : "") + (mac != null ? "lladdr " + mac + " " : "")
                + "dev " + linkIndex + " " + family.name().toLowerCase() + " state 0x" + Integer.toHexString(state)
                + (flags != 0 ? " flags 0x" + Integer.toHexString(flags) : "")
                + (vni != 0 ? " vni " + vni : "") + (vlan != 0 ? " vlan " + vlan : "");
    }
}
