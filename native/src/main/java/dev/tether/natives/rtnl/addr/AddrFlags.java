package dev.tether.natives.rtnl.addr;

/** Address flags (IFA_F_* from linux/if_addr.h) as found in {@link Addr#flags()}. */
public final class AddrFlags {
    public static final int SECONDARY = 0x01;
    /** Skip IPv6 duplicate address detection: the address is usable at once. */
    public static final int NODAD = 0x02;
    public static final int OPTIMISTIC = 0x04;
    public static final int DADFAILED = 0x08;
    public static final int DEPRECATED = 0x20;
    public static final int TENTATIVE = 0x40;
    public static final int PERMANENT = 0x80;
    /** Do not add the prefix route for the address's subnet. */
    public static final int NOPREFIXROUTE = 0x200;

    private AddrFlags() {
    }
}
