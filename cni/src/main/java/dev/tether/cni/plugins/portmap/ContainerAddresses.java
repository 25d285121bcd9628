package dev.tether.cni.plugins.portmap;

import dev.tether.cni.net.Prefixes;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Result;
import dev.tether.natives.ip.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses ports are forwarded to, read from the previous result as the reference does: the
 * first IPv4 and the first IPv6 address, skipping those the result puts on another interface
 * than CNI_IFNAME or on a host interface.
 *
 * @param addresses at most one per family, IPv4 first
 */
record ContainerAddresses(List<Cidr> addresses) {

    static ContainerAddresses of(Result prev, String ifName) {
        Cidr v4 = null;
        Cidr v6 = null;
        for (Result.IpConfig ip : prev.ips()) {
            Integer index = ip.interfaceIndex();
            if (index != null && index >= 0 && index < prev.interfaces().size()) {
                Result.Interface iface = prev.interfaces().get(index);
                if (!iface.name().equals(ifName) || iface.sandbox() == null || iface.sandbox().isEmpty()) {
                    continue;
                }
            }
            if (ip.isIpv4() && v4 == null) {
                v4 = ip.address();
            } else if (!ip.isIpv4() && v6 == null) {
                v6 = ip.address();
            }
        }
        List<Cidr> out = new ArrayList<>();
        if (v4 != null) {
            out.add(v4);
        }
        if (v6 != null) {
            out.add(v6);
        }
        return new ContainerAddresses(List.copyOf(out));
    }

    boolean isEmpty() {
        return addresses.isEmpty();
    }

    List<InetAddress> ips() {
        return addresses.stream().map(Cidr::address).toList();
    }

    /** The subnets the addresses are on (their network prefixes): hairpin traffic comes from there. */
    List<IpPrefix> subnets() {
        return addresses.stream().map(a -> Prefixes.of(a).network()).toList();
    }
}
