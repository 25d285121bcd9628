package dev.tether.natives.rtnl.neigh;

/** Neighbour flags (NTF_* from linux/neighbour.h) as found in {@link Neigh#flags()}. */
public final class NeighFlags {
    public static final int USE = 0x01;
    /** An FDB entry of the device itself (e.g. a VXLAN device's remote), not of its bridge. */
    public static final int SELF = 0x02;
    /** An FDB entry of the bridge the device is a port of. */
    public static final int MASTER = 0x04;
    public static final int PROXY = 0x08;
    public static final int EXT_LEARNED = 0x10;
    public static final int ROUTER = 0x80;

    private NeighFlags() {
    }
}
