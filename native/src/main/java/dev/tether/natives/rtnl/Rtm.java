package dev.tether.natives.rtnl;

/** rtnetlink message types (RTM_*). */
public final class Rtm {
    public static final int NEWLINK = 16;
    public static final int DELLINK = 17;
    public static final int GETLINK = 18;
    public static final int NEWADDR = 20;
    public static final int DELADDR = 21;
    public static final int GETADDR = 22;
    public static final int NEWROUTE = 24;
    public static final int DELROUTE = 25;
    public static final int GETROUTE = 26;
    public static final int NEWNEIGH = 28;
    public static final int DELNEIGH = 29;
    public static final int GETNEIGH = 30;

    private Rtm() {
    }
}
