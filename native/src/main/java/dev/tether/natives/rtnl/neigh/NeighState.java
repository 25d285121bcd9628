package dev.tether.natives.rtnl.neigh;

/** Neighbour states (NUD_* from linux/neighbour.h) as found in {@link Neigh#state()}. */
public final class NeighState {
    public static final int INCOMPLETE = 0x01;
    public static final int REACHABLE = 0x02;
    public static final int STALE = 0x04;
    public static final int DELAY = 0x08;
    public static final int PROBE = 0x10;
    public static final int FAILED = 0x20;
    public static final int NOARP = 0x40;
    /** A static entry that never expires. */
    public static final int PERMANENT = 0x80;

    private NeighState() {
    }
}
