package dev.tether.cni.cli;

import dev.tether.cni.network.CreateRequest;
import dev.tether.cni.network.InvalidValueException;
import dev.tether.cni.network.Network;
import dev.tether.cni.network.NetworkCreator;
import dev.tether.cni.network.NetworkEnvironment;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tether network create NAME}: writes the network's conflist; prints its ID. */
@Command(name = "create", description = {"Create a network: write NAME.conflist (tether-bridge with tether-ipam) to the"
        + " config directory. Without --subnet, a free one is taken from the default pools (172.17-31.0.0/16, then"
        + " 192.168.0.0/16 in /20s). Overlaps with other networks or the host's routes are refused. The bridge and the"
        + " firewall rules are made when the first container connects. Prints the network's ID."})
final class NetworkCreateCommand extends NetworkSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The network's name.")
    String name;

    @Option(names = {"-d", "--driver"}, paramLabel = "DRIVER", description = "Only \"bridge\" (the default).")
    String driver;

    @Option(names = "--subnet", paramLabel = "CIDR", description = "A subnet of the network (repeat for more, e.g. one IPv4 and one IPv6).")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--gateway", paramLabel = "IP", description = "The gateway of the subnet it is in (default: the subnet's first address).")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--ip-range", paramLabel = "CIDR", description = "Allocate container addresses from this part of the subnet it is in.")
    List<String> ipRanges = new ArrayList<>();

    @Option(names = "--ipv6", description = "Give the network an IPv6 subnet too (from " + "fd74:7468:7200::/48 unless --subnet gives one).")
    boolean ipv6;

    @Option(names = "--bridge", paramLabel = "IFNAME", description = "The bridge's name (default: tt- and the start of the network's ID).")
    String bridge;

    @Option(names = "--mtu", paramLabel = "N", description = "MTU of the bridge and the containers' interfaces.")
    Integer mtu;

    @Option(names = "--internal", description = "No NAT and no route out: containers reach each other and the host only.")
    boolean internal;

    @Option(names = "--icc", arity = "1", paramLabel = "true|false",
            description = "Containers of the network may talk to each other (default true); false isolates the bridge ports.")
    Boolean icc;

    @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE", description = "A driver option (kept; Docker's"
            + " com.docker.network.bridge.name, ...bridge.enable_icc, ...bridge.enable_ip_masquerade and"
            + " com.docker.network.driver.mtu are applied).")
    List<String> options = new ArrayList<>();

    @Option(names = "--label", paramLabel = "KEY[=VALUE]", description = "A label, kept in the network's record.")
    List<String> labels = new ArrayList<>();

    @Override
    void run(NetworkEnvironment env, PrintWriter out) {
        CreateRequest request = new CreateRequest(name, driver, parse(subnets, "--subnet", IpPrefix::parse),
                parse(gateways, "--gateway", InetAddresses::parse), parse(ipRanges, "--ip-range", IpPrefix::parse), ipv6,
                bridge, mtu, internal, icc, pairs(options, "--opt", true), pairs(labels, "--label", false));
        Network network = new NetworkCreator(env.configDir(), env.host(), Clock.systemUTC()).create(request);
        out.println(network.id());
    }

    static <T> List<T> parse(List<String> values, String option, Function<String, T> parser) {
        List<T> out = new ArrayList<>();
        for (String value : values) {
            try {
                out.add(parser.apply(value.strip()));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(option + " " + value + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * KEY=VALUE pairs in order (KEY alone, for an empty value, unless a value is required, as
     * Docker has it for -o but not for --label); the last of a key wins.
     */
    static Map<String, String> pairs(List<String> values, String option, boolean valueRequired) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            String key = eq < 0 ? value : value.substring(0, eq);
            if (key.isBlank() || (valueRequired && eq < 0)) {
                throw new InvalidValueException(option + " " + value + ": expected KEY=VALUE");
            }
            out.put(key, eq < 0 ? "" : value.substring(eq + 1));
        }
        return out;
    }
}
