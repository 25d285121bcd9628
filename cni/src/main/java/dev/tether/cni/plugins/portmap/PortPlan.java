package dev.tether.cni.plugins.portmap;

import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.firewall.MappedPort;
import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.spec.CniException;
import dev.tether.natives.ip.InetAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The forwards an attachment's mappings come to: each mapping to the container address of every
 * family it admits; a mapping without a host port gets the one the attachment already has for it
 * (so a repeated ADD keeps its ports), else the first port of the range that no other attachment
 * publishes, no other mapping of this call takes and no host socket holds; the same port in both
 * families.
 */
final class PortPlan {
    private final AttachmentKey key;
    private final List<MappedPort> published;
    private final HostSockets sockets;
    private final PortRange range;
    private final List<PortForward> planned = new ArrayList<>();
    private final List<PortForward> reused = new ArrayList<>();

    private PortPlan(AttachmentKey key, List<MappedPort> published, HostSockets sockets, PortRange range) {
        this.key = key;
        this.published = published;
        this.sockets = sockets;
        this.range = range;
    }

    /**
     * The forwards of the mappings, picking free ports where none is given.
     *
     * @throws CniException code 7 for a mapping no container address fits, {@link PortMapPlugin#NO_FREE_PORT}
     *     when the range has no free port left
     */
    static List<PortForward> of(PortMapConfig config, ContainerAddresses addresses, AttachmentKey key,
                                List<MappedPort> published, HostSockets sockets) {
        PortPlan plan = new PortPlan(key, published, sockets, config.portRange());
        for (PortRequest request : fixedFirst(config)) {
            plan.add(request, addresses, true);
        }
        return List.copyOf(plan.planned);
    }

    /** The forwards the attachment should have now, with the ports it was given; null when a picked one is missing. */
    static List<PortForward> existing(PortMapConfig config, ContainerAddresses addresses, AttachmentKey key,
                                      List<MappedPort> published) {
        PortPlan plan = new PortPlan(key, published, HostSockets.none(), config.portRange());
        for (PortRequest request : fixedFirst(config)) {
            if (!plan.add(request, addresses, false)) {
                return null;
            }
        }
        return List.copyOf(plan.planned);
    }

    /** Given ports first, so that a picked port never lands on one a later mapping names. */
    private static List<PortRequest> fixedFirst(PortMapConfig config) {
        List<PortRequest> ordered = new ArrayList<>(config.requests().stream().filter(r -> !r.picksPort()).toList());
        ordered.addAll(config.requests().stream().filter(PortRequest::picksPort).toList());
        return ordered;
    }

    private boolean add(PortRequest request, ContainerAddresses addresses, boolean pick) {
        List<InetAddress> targets = addresses.ips().stream().filter(ip -> request.admits(InetAddresses.isIpv6(ip))).toList();
        if (targets.isEmpty()) {
            throw CniException.invalidConfig(request.field(), request.describe() + " publishes on an IPv"
                    + (InetAddresses.isIpv6(request.hostIp()) ? "6" : "4") + " address, but the container has none on"
                    + " this interface (prevResult.ips)");
        }
        int port = request.hostPort();
        if (request.picksPort()) {
            port = portHeld(request, targets);
            if (port == 0 && !pick) {
                return false;
            }
            if (port == 0) {
                port = freePort(request, targets);
            }
        }
        for (InetAddress target : targets) {
            planned.add(request.forward(target, port));
        }
        return true;
    }

    /** The host port the attachment already publishes this mapping on (each used once), or 0. */
    private int portHeld(PortRequest request, List<InetAddress> targets) {
        for (MappedPort mapped : published) {
            PortForward f = mapped.forward();
            if (mapped.ownedBy(key) && !reused.contains(f) && targets.contains(f.containerIp())
                    && f.equals(request.forward(f.containerIp(), f.hostPort()))
                    && planned.stream().noneMatch(p -> p.overlaps(f))) {
                targets.forEach(t -> reused.add(request.forward(t, f.hostPort())));
                return f.hostPort();
            }
        }
        return 0;
    }

    private int freePort(PortRequest request, List<InetAddress> targets) {
        for (int port = range.first(); port <= range.last(); port++) {
            if (free(request, targets, port)) {
                return port;
            }
        }
        throw new CniException(PortMapPlugin.NO_FREE_PORT, "no free host port in " + range + " for " + request.field()
                + " (" + request.describe() + ")", "every port of the range is published or held by a host socket;"
                + " widen \"portRange\" in the network's tether-portmap entry");
    }

    private boolean free(PortRequest request, List<InetAddress> targets, int port) {
        if (sockets.holds(request.protocol(), port)) {
            return false;
        }
        for (InetAddress target : targets) {
            PortForward candidate = request.forward(target, port);
            if (planned.stream().anyMatch(candidate::overlaps)
                    || published.stream().anyMatch(m -> !m.ownedBy(key) && m.forward().overlaps(candidate))) {
                return false;
            }
        }
        return true;
    }
}
