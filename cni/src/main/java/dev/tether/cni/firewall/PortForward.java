package dev.tether.cni.firewall;

import dev.tether.natives.ip.InetAddresses;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.Locale;

/**
 * One DNAT of a published port: traffic of {@code protocol} to {@code hostPort} on a local address
 * of the host (any one, or only {@code hostIp}) goes to {@code containerIp:containerPort}. The
 * family is the container address's; a host address must be of the same family.
 *
 * @param hostIp null for every local address of the family
 */
public record PortForward(Protocol protocol, InetAddress hostIp, int hostPort, InetAddress containerIp, int containerPort) {
    /** As 'docker port' lists them: by container port, protocol, then IPv4 before IPv6 and by host port. */
    public static final Comparator<PortForward> ORDER = Comparator.comparingInt(PortForward::containerPort)
            .thenComparing(PortForward::protocol).thenComparing(PortForward::isIpv6).thenComparingInt(PortForward::hostPort);

    /** The transport protocols a port can be published for (those with ports nftables' {@code th dport} reads). */
    public enum Protocol {
        TCP, UDP, SCTP;

        /** The name nft and the CNI conventions use: "tcp", "udp", "sctp". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the protocols known */
        public static Protocol parse(String text) {
            for (Protocol protocol : values()) {
                if (protocol.label().equalsIgnoreCase(text)) {
                    return protocol;
                }
            }
            throw new IllegalArgumentException("\"" + text + "\" is not a protocol a port can be published for"
                    + " (tcp, udp or sctp)");
        }
    }

    public PortForward {
        if (protocol == null || containerIp == null) {
            throw new IllegalArgumentException("a port forward needs a protocol and a container address");
        }
        requirePort(hostPort, "host port");
        requirePort(containerPort, "container port");
        if (hostIp != null && InetAddresses.isIpv6(hostIp) != InetAddresses.isIpv6(containerIp)) {
            throw new IllegalArgumentException("host address " + InetAddresses.format(hostIp) + " and container address "
                    + InetAddresses.format(containerIp) + " are of different families");
        }
    }

    public boolean isIpv6() {
        return InetAddresses.isIpv6(containerIp);
    }

    /** Whether both would take the same packets: same family, protocol and host port, and either is on every address or both on one. */
    public boolean overlaps(PortForward other) {
        return isIpv6() == other.isIpv6() && protocol == other.protocol && hostPort == other.hostPort
                && (hostIp == null || other.hostIp == null || hostIp.equals(other.hostIp));
    }

    /** {@code 0.0.0.0:8080->10.88.0.5:80/tcp} (IPv6 addresses in brackets). */
    @Override
    public String toString() {
        return hostSide() + "->" + address(containerIp) + ":" + containerPort + "/" + protocol.label();
    }

    /** {@code 0.0.0.0:8080}, {@code [::]:8080} or the host address and port. */
    public String hostSide() {
        InetAddress host = hostIp;
        String text = host == null ? (isIpv6() ? "[::]" : "0.0.0.0") : address(host);
        return text + ":" + hostPort;
    }

    private static String address(InetAddress address) {
        String text = InetAddresses.format(address);
        return InetAddresses.isIpv6(address) ? "[" + text + "]" : text;
    }

    private static void requirePort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is outside 1-65535");
        }
    }
}
