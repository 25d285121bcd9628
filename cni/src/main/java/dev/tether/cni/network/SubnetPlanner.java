package dev.tether.cni.network;

import dev.tether.cni.spec.Cidr;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Decides a new network's subnets: the ones asked for, checked, or free ones from the default
 * pools; each with its gateway (asked for, else the subnet's first address) and address range.
 * Nothing may overlap another network of the config directory or a route of the host.
 */
final class SubnetPlanner {
    /** Smallest subnets the IPAM allocates from (network, gateway, one container, broadcast). */
    private static final int MAX_PREFIX_V4 = 30;
    private static final int MAX_PREFIX_V6 = 126;
    /** Addresses that are never a bridge network's: packets to them are not routed to a bridge. */
    private static final List<Taken> SPECIAL = List.of(
            special("0.0.0.0/8", "\"this network\" (0.0.0.0/8)"),
            special("127.0.0.0/8", "loopback (127.0.0.0/8)"),
            special("169.254.0.0/16", "link-local (169.254.0.0/16)"),
            special("224.0.0.0/4", "multicast (224.0.0.0/4)"),
            special("::/128", "the unspecified address (::)"),
            special("::1/128", "loopback (::1)"),
            special("fe80::/10", "link-local (fe80::/10)"),
            special("ff00::/8", "multicast (ff00::/8)"));

    /** A prefix in use, and by what (for messages). */
    record Taken(IpPrefix prefix, String by) {}

    private final List<Taken> taken;

    SubnetPlanner(List<Taken> taken) {
        this.taken = List.copyOf(taken);
    }

    private static Taken special(String prefix, String what) {
        return new Taken(IpPrefix.parse(prefix), what);
    }

    /** What the networks of a scan and the host's routes hold. */
    static SubnetPlanner of(ConfigDir.Scan scan, List<IpPrefix> hostRoutes) {
        List<Taken> taken = new ArrayList<>();
        for (Network network : scan.networks()) {
            for (Subnet subnet : network.subnets()) {
                taken.add(new Taken(subnet.subnet(), "subnet " + subnet.subnet() + " of network " + network.name()
                        + " (" + network.file() + ")"));
            }
        }
        hostRoutes.forEach(route -> taken.add(new Taken(route, "the host's route to " + route)));
        return new SubnetPlanner(taken);
    }

    List<Subnet> plan(CreateRequest request) {
        if (request.subnets().isEmpty() && !(request.gateways().isEmpty() && request.ipRanges().isEmpty())) {
            throw new InvalidValueException("--gateway and --ip-range need the --subnet they belong to");
        }
        List<IpPrefix> prefixes = new ArrayList<>();
        for (IpPrefix asked : request.subnets()) {
            prefixes.add(checked(asked, prefixes));
        }
        if (request.subnets().isEmpty()) {
            prefixes.add(free(SubnetPool.IPV4, prefixes));
        }
        if (request.ipv6() && prefixes.stream().noneMatch(IpPrefix::isIpv6)) {
            prefixes.add(free(SubnetPool.IPV6, prefixes));
        }
        List<Subnet> subnets = new ArrayList<>();
        for (IpPrefix prefix : prefixes) {
            InetAddress gateway = gateway(prefix, request.gateways());
            Optional<IpPrefix> range = only(prefix, request.ipRanges(), "--ip-range", IpPrefix::toString,
                    (p, r) -> p.contains(r));
            subnets.add(new Subnet(prefix, gateway, range.map(r -> start(prefix, r)).orElse(null),
                    range.map(r -> end(prefix, r)).orElse(null)));
        }
        for (InetAddress gateway : request.gateways()) {
            requireInside(gateway, prefixes, "--gateway " + Cidr.format(gateway), (p, g) -> p.contains(g));
        }
        for (IpPrefix range : request.ipRanges()) {
            requireInside(range, prefixes, "--ip-range " + range, (p, r) -> p.contains(r));
        }
        return subnets;
    }

    private IpPrefix checked(IpPrefix asked, List<IpPrefix> earlier) {
        if (asked.hasHostBits()) {
            throw new InvalidValueException("--subnet " + asked + " has host bits set; did you mean " + asked.network() + "?");
        }
        for (Taken special : SPECIAL) {
            if (special.prefix().overlaps(asked)) {
                throw new InvalidValueException("--subnet " + asked + " overlaps " + special.by()
                        + ", which no network can use; choose a private subnet such as 10.0.0.0/8, 172.16.0.0/12,"
                        + " 192.168.0.0/16 or fd00::/8");
            }
        }
        int max = asked.isIpv6() ? MAX_PREFIX_V6 : MAX_PREFIX_V4;
        if (asked.prefixLength() > max) {
            throw new InvalidValueException("--subnet " + asked + " is too small: give at least a /" + max);
        }
        for (IpPrefix other : earlier) {
            if (other.overlaps(asked)) {
                throw new InvalidValueException("--subnet " + asked + " overlaps --subnet " + other);
            }
        }
        for (Taken t : taken) {
            if (t.prefix().overlaps(asked)) {
                throw new NetworkException("--subnet " + asked + " overlaps " + t.by()
                        + "; choose another --subnet, or leave it out to get a free one");
            }
        }
        return asked;
    }

    private IpPrefix free(SubnetPool pool, List<IpPrefix> chosen) {
        List<IpPrefix> used = new ArrayList<>(chosen);
        taken.forEach(t -> used.add(t.prefix()));
        return pool.firstFree(used).orElseThrow(() -> new NetworkException("no free subnet left in the default pool "
                + pool.describe() + ": every one overlaps a network or a route of the host; give one with --subnet"));
    }

    private static InetAddress gateway(IpPrefix subnet, List<InetAddress> asked) {
        Optional<InetAddress> gateway = only(subnet, asked, "--gateway", Cidr::format, IpPrefix::contains);
        if (gateway.isEmpty()) {
            return InetAddresses.add(subnet.firstAddress(), 1);
        }
        InetAddress g = gateway.get();
        if (g.equals(subnet.firstAddress()) || (!subnet.isIpv6() && g.equals(subnet.lastAddress()))) {
            throw new InvalidValueException("--gateway " + Cidr.format(g) + " is the " + (g.equals(subnet.firstAddress())
                    ? "network" : "broadcast") + " address of " + subnet + "; choose a host address");
        }
        return g;
    }

    /** The one value of the list inside the subnet; two are refused. */
    private static <T> Optional<T> only(IpPrefix subnet, List<T> values, String option,
                                        Function<T, String> text,
                                        BiPredicate<IpPrefix, T> inside) {
        List<T> in = values.stream().filter(v -> inside.test(subnet, v)).toList();
        if (in.size() > 1) {
            throw new InvalidValueException("two " + option + " values (" + text.apply(in.get(0)) + ", " + text.apply(in.get(1))
                    + ") for --subnet " + subnet + "; give one per subnet");
        }
        return in.stream().findFirst();
    }

    private static <T> void requireInside(T value, List<IpPrefix> subnets, String what,
                                          BiPredicate<IpPrefix, T> inside) {
        if (subnets.stream().noneMatch(s -> inside.test(s, value))) {
            throw new InvalidValueException(what + " is outside every subnet of the network " + subnets);
        }
    }

    /** The range's first address, or the one after it when that is the subnet's network address. */
    private static InetAddress start(IpPrefix subnet, IpPrefix range) {
        InetAddress first = range.firstAddress();
        return first.equals(subnet.firstAddress()) ? InetAddresses.add(first, 1) : first;
    }

    /** The range's last address, or the one before it when that is the IPv4 subnet's broadcast address. */
    private static InetAddress end(IpPrefix subnet, IpPrefix range) {
        InetAddress last = range.lastAddress();
        return !subnet.isIpv6() && last.equals(subnet.lastAddress()) ? InetAddresses.add(last, -1) : last;
    }
}
