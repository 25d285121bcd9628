package dev.tether.cni.plugins.portmap;

import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.firewall.PortForward.Protocol;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.JsonFields;
import dev.tether.natives.ip.InetAddresses;
import java.net.InetAddress;

/**
 * One entry of the {@code portMappings} capability (CNI conventions: hostPort, containerPort,
 * protocol, hostIP), as asked: a host port of 0 (or none) means "pick a free one".
 *
 * @param hostIp null for every local address of both families; an unspecified address (0.0.0.0
 *     or ::) for every local address of its family (the reference ignores a mapping for the other
 *     family); else that one address
 * @param hostPort 0 when the plugin picks it
 * @param field where the entry is, for messages, e.g. "runtimeConfig.portMappings[1]"
 */
record PortRequest(Protocol protocol, InetAddress hostIp, int hostPort, int containerPort, String field) {

    /** @throws dev.tether.cni.spec.CniException code 7 naming the field that is wrong */
    static PortRequest parse(JsonFields entry) {
        Integer containerPort = entry.optUint("containerPort");
        if (containerPort == null || containerPort < 1 || containerPort > 65535) {
            throw entry.invalid("containerPort", containerPort == null ? "is required" : containerPort + " is outside 1-65535");
        }
        Integer hostPort = entry.optUint("hostPort");
        if (hostPort != null && hostPort > 65535) {
            throw entry.invalid("hostPort", hostPort + " is outside 1-65535 (0 or none: pick a free port)");
        }
        String protocolText = entry.optString("protocol");
        Protocol protocol;
        try {
            protocol = protocolText == null || protocolText.isEmpty() ? Protocol.TCP : Protocol.parse(protocolText);
        } catch (IllegalArgumentException e) {
            throw entry.invalid("protocol", e.getMessage());
        }
        String hostIpText = entry.optString("hostIP");
        InetAddress hostIp = null;
        if (hostIpText != null && !hostIpText.isEmpty()) {
            try {
                hostIp = Cidr.parseAddress(hostIpText);
            } catch (IllegalArgumentException e) {
                throw entry.invalid("hostIP", e.getMessage());
            }
        }
        return new PortRequest(protocol, hostIp, hostPort == null ? 0 : hostPort, containerPort, entry.path());
    }

    boolean picksPort() {
        return hostPort == 0;
    }

    /** Whether the mapping applies to container addresses of this family. */
    boolean admits(boolean ipv6) {
        return hostIp == null || InetAddresses.isIpv6(hostIp) == ipv6;
    }

    /** The forward of this mapping to a container address it admits, on the given host port. */
    PortForward forward(InetAddress containerIp, int port) {
        InetAddress host = hostIp == null || hostIp.isAnyLocalAddress() ? null : hostIp;
        return new PortForward(protocol, host, port, containerIp, containerPort);
    }

    /** Whether both can be on the host at once: not when their packets could be the same (same protocol and fixed port, addresses that meet). */
    boolean clashesWith(PortRequest other) {
        if (protocol != other.protocol || picksPort() || hostPort != other.hostPort) {
            return false;
        }
        if (hostIp == null || other.hostIp == null) {
            return true;
        }
        return InetAddresses.isIpv6(hostIp) == InetAddresses.isIpv6(other.hostIp)
                && (hostIp.isAnyLocalAddress() || other.hostIp.isAnyLocalAddress() || hostIp.equals(other.hostIp));
    }

    /** {@code 8080:80/tcp}, {@code 127.0.0.1:8080:80/udp}, {@code 0:80/tcp} when picked. */
    String describe() {
        String host = hostIp == null ? "" : (InetAddresses.isIpv6(hostIp) ? "[" + InetAddresses.format(hostIp) + "]"
                : InetAddresses.format(hostIp)) + ":";
        return host + hostPort + ":" + containerPort + "/" + protocol.label();
    }
}
