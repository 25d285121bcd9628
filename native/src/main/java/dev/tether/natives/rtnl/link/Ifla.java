package dev.tether.natives.rtnl.link;

/** Link attribute numbers and flags from linux/if_link.h, linux/if.h and linux/veth.h. */
final class Ifla {
    static final int IFINFOMSG_LENGTH = 16;

    static final int ADDRESS = 1;
    static final int IFNAME = 3;
    static final int MTU = 4;
    static final int LINK = 5;
    static final int MASTER = 10;
    static final int TXQLEN = 13;
    static final int OPERSTATE = 16;
    static final int LINKINFO = 18;
    static final int NET_NS_FD = 28;
    static final int EXT_MASK = 29;

    static final int INFO_KIND = 1;
    static final int INFO_DATA = 2;
    static final int INFO_SLAVE_KIND = 4;
    static final int INFO_SLAVE_DATA = 5;

    static final int VETH_INFO_PEER = 1;

    static final int BR_STP_STATE = 5;
    static final int BR_VLAN_FILTERING = 7;
    static final int BR_MCAST_SNOOPING = 23;

    static final int BRPORT_MODE = 4;
    static final int BRPORT_LEARNING = 8;
    static final int BRPORT_UNICAST_FLOOD = 9;
    static final int BRPORT_ISOLATED = 33;

    static final int MACVLAN_MODE = 1;

    static final int VXLAN_ID = 1;
    static final int VXLAN_GROUP = 2;
    static final int VXLAN_LINK = 3;
    static final int VXLAN_LOCAL = 4;
    static final int VXLAN_LEARNING = 7;
    static final int VXLAN_PORT = 15;
    static final int VXLAN_GROUP6 = 16;
    static final int VXLAN_LOCAL6 = 17;

    /** RTEXT_FILTER_SKIP_STATS: leave the counters out of GETLINK replies. */
    static final int RTEXT_FILTER_SKIP_STATS = 8;

    private Ifla() {
    }
}
