package dev.tether.cni.net;

/** IP forwarding of a namespace, needed once a bridge is a gateway. */
public final class Forwarding {
    private Forwarding() {}

    /** Turns forwarding of the family on (writes only when it is off). */
    public static void enable(Namespace host, boolean ipv6) {
        host.ensureSysctl(ipv6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward", "1");
    }
}
