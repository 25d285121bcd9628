package dev.tether.natives.rtnl;

import java.net.InetAddress;

import dev.tether.natives.ip.InetAddresses;

/** Address families of rtnetlink requests and objects. */
public enum Family {
    /** Every family (in a dump request). */
    ALL(0),
    IPV4(2),
    IPV6(10),
    /** Bridge forwarding database entries (FDB). */
    BRIDGE(7);

    private final int value;

    Family(int value) {
        this.value = value;
    }

    /** The AF_* number. */
    public int value() {
        return value;
    }

    public static Family of(InetAddress address) {
        return InetAddresses.isIpv6(address) ? IPV6 : IPV4;
    }

    /** The family of an AF_* number; ALL for one this enum does not name. */
    public static Family of(int value) {
        for (Family family : values()) {
            if (family.value == value) {
                return family;
            }
        }
        return ALL;
    }

    /** Whether an object of family f belongs in a listing of this family. */
    public boolean includes(Family f) {
        return this == ALL || this == f;
    }
}
