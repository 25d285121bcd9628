package dev.tether.natives.rtnl.link;

import dev.tether.natives.ip.MacAddress;

/**
 * What every link has. When creating a link, only name, mac, mtu, the UP flag, master, parent and
 * txQueueLength are used, and 0/null mean "kernel default"; links read from the kernel fill in
 * everything it reported.
 *
 * @param index        interface index (0 when unknown or when creating)
 * @param name         interface name
 * @param mac          hardware address, or null
 * @param mtu          MTU, or 0
 * @param flags        IFF_* flags, see {@link LinkFlags}
 * @param masterIndex  index of the bridge (or other master) this link is enslaved to, or 0
 * @param parentIndex  IFLA_LINK: a macvlan's parent, a veth's peer (in the peer's namespace), or 0
 * @param operState    operational state (UNKNOWN when creating)
 * @param txQueueLength transmit queue length, or 0
 * @param bridgePort   bridge port settings when the link is a bridge port, else null
 */
public record LinkAttrs(int index, String name, MacAddress mac, int mtu, int flags, int masterIndex, int parentIndex,
                        OperState operState, int txQueueLength, BridgePort bridgePort) {

    /** Attributes for creating a link of this name with kernel defaults for the rest. */
    public static LinkAttrs named(String name) {
        return new LinkAttrs(0, name, null, 0, 0, 0, 0, OperState.UNKNOWN, 0, null);
    }

    public boolean isUp() {
        return (flags & LinkFlags.UP) != 0;
    }

    public boolean isPromiscuous() {
        return (flags & LinkFlags.PROMISC) != 0;
    }

    public LinkAttrs withMac(MacAddress newMac) {
        return new LinkAttrs(index, name, newMac, mtu, flags, masterIndex, parentIndex, operState, txQueueLength, bridgePort);
    }

    public LinkAttrs withMtu(int newMtu) {
        return new LinkAttrs(index, name, mac, newMtu, flags, masterIndex, parentIndex, operState, txQueueLength, bridgePort);
    }

    /** Created up (or not). */
    public LinkAttrs withUp(boolean up) {
        int newFlags = up ? flags | LinkFlags.UP : flags & ~LinkFlags.UP;
        return new LinkAttrs(index, name, mac, mtu, newFlags, masterIndex, parentIndex, operState, txQueueLength, bridgePort);
    }

    /** Created enslaved to this master (e.g. a bridge's index). */
    public LinkAttrs withMaster(int newMasterIndex) {
        return new LinkAttrs(index, name, mac, mtu, flags, newMasterIndex, parentIndex, operState, txQueueLength, bridgePort);
    }

    /** Created on top of this parent link (macvlan). */
    public LinkAttrs withParent(int newParentIndex) {
        return new LinkAttrs(index, name, mac, mtu, flags, masterIndex, newParentIndex, operState, txQueueLength, bridgePort);
    }

    public LinkAttrs withTxQueueLength(int newLength) {
        return new LinkAttrs(index, name, mac, mtu, flags, masterIndex, parentIndex, operState, newLength, bridgePort);
    }
}
