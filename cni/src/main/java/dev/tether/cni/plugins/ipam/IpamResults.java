package dev.tether.cni.plugins.ipam;

import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Dns;
import dev.tether.cni.spec.Result;
import dev.tether.cni.spec.Route;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeasedAddress;
import java.util.List;

/** A lease as the abbreviated result an IPAM plugin returns (spec section 5: no interfaces). */
final class IpamResults {
    private IpamResults() {}

    static Result of(Lease lease, List<Route> routes, Dns dns) {
        return new Result(List.of(), lease.addresses().stream().map(IpamResults::ipConfig).toList(), routes, dns);
    }

    static Cidr cidr(LeasedAddress address) {
        return new Cidr(address.address().address(), address.address().prefixLength());
    }

    static Dns dns(dev.tether.ipam.config.Dns dns) {
        return new Dns(dns.nameservers(), dns.domain(), dns.search(), dns.options());
    }

    private static Result.IpConfig ipConfig(LeasedAddress address) {
        return new Result.IpConfig(cidr(address),
                address.gateway() == null ? null : address.gateway().toInetAddress(), null);
    }
}
