package dev.tether.cni.plugins.portmap;

import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.firewall.PortConflictException;
import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.firewall.TetherFirewall;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.net.Routing;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.Rollback;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniException;
import dev.tether.natives.ip.InetAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * ADD of tether-portmap: the attachment's forwards (free ports picked under the firewall's lock),
 * published in one transaction, then {@code route_localnet} on the interface the host reaches
 * the container's IPv4 address through (so that 127.0.0.1:PORT can be sent there). Undone if the
 * second step fails. Warns, without failing, about given ports a host socket holds and host
 * addresses that are not the host's.
 */
final class PortMapAdd {
    private final PluginContext context;
    private final CniRequest request;
    private final PortMapConfig config;
    private final ContainerAddresses addresses;

    PortMapAdd(PluginContext context, CniRequest request, PortMapConfig config, ContainerAddresses addresses) {
        this.context = context;
        this.request = request;
        this.config = config;
        this.addresses = addresses;
    }

    /** @return the forwards published */
    List<PortForward> run() {
        AttachmentKey key = config.key(request.containerId(), request.ifName());
        HostSockets sockets = hostSockets();
        TetherFirewall firewall = context.firewall();
        List<PortForward> forwards;
        try {
            forwards = firewall.publish(key, published -> PortPlan.of(config, addresses, key, published, sockets),
                    config.masqueradeFrom(addresses.subnets()));
        } catch (PortConflictException taken) {
            throw new CniException(PortMapPlugin.PORT_CONFLICT, taken.getMessage(), "a host port is published by one"
                    + " container at a time: remove that container from its network first, or publish another port");
        }
        Rollback undo = new Rollback(request.stderr());
        undo.add("unpublish the ports", () -> firewall.unpublish(key));
        try {
            if (config.snat()) {
                routeLocalnet(forwards);
            }
        } catch (RuntimeException | Error failure) {
            undo.run();
            throw failure;
        }
        warn(forwards, sockets);
        return forwards;
    }

    /** Lets packets from 127/8 (localhost DNAT'd to the container) leave through the container's interface. */
    private void routeLocalnet(List<PortForward> forwards) {
        Optional<InetAddress> v4 = forwards.stream().filter(f -> !f.isIpv6()).map(PortForward::containerIp).findFirst();
        if (v4.isEmpty()) {
            return;
        }
        Namespace host = context.host();
        Optional<String> link = Routing.interfaceTowards(host, v4.get());
        if (link.isEmpty()) {
            request.stderr().println("tether-portmap: warning: no route of the host leads to " + InetAddresses.format(v4.get())
                    + "; 127.0.0.1 cannot reach its ports");
            return;
        }
        host.ensureSysctl("net/ipv4/conf/" + link.get() + "/route_localnet", "1");
    }

    private HostSockets hostSockets() {
        try {
            return HostSockets.of(context.hostNs());
        } catch (IOException e) {
            request.stderr().println("tether-portmap: warning: cannot read the host's sockets (" + e.getMessage()
                    + "); picked ports may be ones a host process holds");
            return HostSockets.none();
        }
    }

    private void warn(List<PortForward> forwards, HostSockets sockets) {
        for (PortRequest r : config.requests()) {
            if (!r.picksPort() && sockets.holds(r.protocol(), r.hostPort())) {
                request.stderr().println("tether-portmap: warning: a socket of the host also holds " + r.protocol().label()
                        + " port " + r.hostPort() + " (a runtime reserving it, or a service that now gets no connections"
                        + " to it: they go to the container)");
            }
        }
        forwards.stream().map(PortForward::hostIp).filter(ip -> ip != null).distinct()
                .filter(ip -> !Routing.isLocal(context.host(), ip))
                .forEach(ip -> request.stderr().println("tether-portmap: warning: " + InetAddresses.format(ip)
                        + " is not an address of the host; its ports forward once it is"));
    }
}
