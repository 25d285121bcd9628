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

    /** "RTM_NEWLINK" etc., for error messages. */
    public static String name(int type) {
        return switch (type) {
            case NEWLINK -> "RTM_NEWLINK";
            case DELLINK -> "RTM_DELLINK";
            case GETLINK -> "RTM_GETLINK";
            case NEWADDR -> "RTM_NEWADDR";
            case DELADDR -> "RTM_DELADDR";
            case GETADDR -> "RTM_GETADDR";
            case NEWROUTE -> "RTM_NEWROUTE";
            case DELROUTE -> "RTM_DELROUTE";
            case GETROUTE -> "RTM_GETROUTE";
            case NEWNEIGH -> "RTM_NEWNEIGH";
            case DELNEIGH -> "RTM_DELNEIGH";
            case GETNEIGH -> "RTM_GETNEIGH";
            default -> "RTM_" + type;
        };
    }
}
