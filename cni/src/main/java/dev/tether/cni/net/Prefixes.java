package dev.tether.cni.net;

import dev.tether.cni.spec.Cidr;
import dev.tether.natives.ip.IpPrefix;

/** Conversions between the spec layer's {@link Cidr} and the native layer's {@link IpPrefix}. */
public final class Prefixes {
    private Prefixes() {}

    public static IpPrefix of(Cidr cidr) {
        return new IpPrefix(cidr.address(), cidr.prefixLength());
    }

    public static Cidr cidr(IpPrefix prefix) {
        return new Cidr(prefix.address(), prefix.prefixLength());
    }
}
