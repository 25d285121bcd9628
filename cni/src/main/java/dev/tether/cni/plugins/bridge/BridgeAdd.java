package dev.tether.cni.plugins.bridge;

import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.invoke.Delegate;
import dev.tether.cni.invoke.PluginInvoker;
import dev.tether.cni.net.Bridges;
import dev.tether.cni.net.Forwarding;
import dev.tether.cni.net.GatewayAddresses;
import dev.tether.cni.net.InterfaceSetup;
import dev.tether.cni.net.LinkStates;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.net.Veths;
import dev.tether.cni.plugins.Containers;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.Rollback;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Dns;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Result;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.rtnl.link.BridgePort;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.thread.BackgroundCall;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * ADD of tether-bridge: bridge, veth pair (its bridge port isolated with portIsolation), MAC spoof
 * check, then the container interface, the bridge as gateway, the network's firewall rules
 * (isolation, internal, masquerade). The IPAM delegate runs on a thread of its own from the start,
 * beside the bridge and veth work, which does not need its addresses (the reference calls it after
 * the veth; in an exec'd plugin the two take about as long). Everything made for this attachment
 * is undone if a later step fails, the addresses released last; the bridge, its gateway address
 * and the network's rules stay, as other attachments share them.
 */
final class BridgeAdd {
    /** The reference polls the host end for about 2.5 s before calling the port broken. */
    static final Duration PORT_UP_TIMEOUT = Duration.ofSeconds(3);

    private final PluginContext context;
    private final CniRequest request;
    private final BridgeConfig config;
    private final Delegate delegate;
    private final Rollback undo;

    BridgeAdd(PluginContext context, CniRequest request, BridgeConfig config) {
        this.context = context;
        this.request = request;
        this.config = config;
        this.delegate = new Delegate(context.invoker());
        this.undo = new Rollback(request.stderr());
    }

    Result run() {
        try (Namespace container = Containers.open(request)) {
            String ifName = request.ifName();
            if (container.links().find(ifName).isPresent()) {
                // A second ADD of the attachment: refuse before touching anything the first one made.
                throw Veths.alreadyExists(container, ifName);
            }
            if (config.isLayer3() && context.invoker().registry().find(config.ipam().type()).isEmpty()) {
                // An IPAM plugin that is not installed fails the ADD before anything is made.
                PluginInvoker.find(config.ipam().type(), request.env().path());
            }
            Namespace host = context.host();
            try {
                Optional<BackgroundCall<Result>> ipam = config.isLayer3() ? Optional.of(startIpam()) : Optional.empty();
                Link bridge = Bridges.ensure(host, config.bridge(), config.mtu(), config.promiscMode());
                return attach(host, container, bridge, ipam);
            } catch (RuntimeException | Error failure) {
                undo.run();
                throw failure;
            }
        }
    }

    /**
     * The IPAM ADD, started on its own thread; its undo (registered first, so run last) waits for
     * it and releases what it allocated. A failed delegate ADD has already released its part.
     */
    private BackgroundCall<Result> startIpam() {
        String type = config.ipam().type();
        BackgroundCall<Result> call = BackgroundCall.start("tether-ipam-add", () -> delegate.add(type, request));
        undo.add("release the addresses (" + type + " DEL)", () -> {
            if (call.joinQuietly().isPresent()) {
                delegate.del(type, request);
            }
        });
        return call;
    }

    private Result attach(Namespace host, Namespace container, Link bridge, Optional<BackgroundCall<Result>> ipam) {
        String ifName = request.ifName();
        Veths.Pair veth = Veths.create(host, container, ifName, config.mtu(), config.mac(), bridge.index());
        String hostEnd = veth.host().name();
        undo.add("delete " + hostEnd, () -> host.links().deleteIfExists(hostEnd));
        host.links().setBridgePort(hostEnd, BridgePort.UNCHANGED.withHairpin(config.hairpinMode())
                .withIsolated(config.portIsolation()));
        String containerMac = veth.container().attrs().mac().toString();
        if (config.macSpoofCheck()) {
            AttachmentKey key = new AttachmentKey(config.network(), request.containerId(), ifName);
            context.firewall().guardMac(key, hostEnd, veth.container().attrs().mac());
            undo.add("remove the MAC spoof check elements", () -> context.firewall().releaseAttachment(key));
        }
        Result result = new Result(List.of(Result.Interface.of(bridge.name(), null, null), Result.Interface.of(hostEnd, null, null),
                Result.Interface.of(ifName, containerMac, request.netns())), List.of(), List.of(), null);
        if (ipam.isPresent()) {
            result = addressing(host, container, bridge, result, ipam.get().join());
        } else if (!config.disableContainerInterface()) {
            container.links().setUp(ifName);
        }
        Link hostLink = config.disableContainerInterface() ? host.links().get(hostEnd)
                : LinkStates.awaitUp(host, hostEnd, PORT_UP_TIMEOUT);
        // Read the MACs last: the bridge's may have changed when the port joined or the gateway was set.
        Link bridgeNow = Bridges.require(host, config.bridge());
        result = result.withInterfaces(List.of(
                Result.Interface.of(bridgeNow.name(), bridgeNow.attrs().mac().toString(), null),
                Result.Interface.of(hostEnd, hostLink.attrs().mac().toString(), null),
                result.interfaces().get(GatewayPlan.CONTAINER_INTERFACE)));
        result = config.dns().isEmpty() ? result : result.withDns(config.dns());
        result.toJson(request.cniVersion()); // a result the config's version cannot express fails here, undone
        return result;
    }

    /** With IPAM's result: the container's addresses and routes, the gateway on the bridge and masquerading. */
    private Result addressing(Namespace host, Namespace container, Link bridge, Result attached, Result ipam) {
        String type = config.ipam().type();
        if (ipam.ips().isEmpty()) {
            throw new CniException(ErrorCode.INTERNAL, "IPAM plugin \"" + type + "\" returned no IP address");
        }
        GatewayPlan plan = GatewayPlan.of(ipam, config.isGateway(), config.isDefaultGateway());
        Result result = attached.withIps(plan.ips()).withRoutes(plan.routes())
                .withDns(config.tetherDns() ? tetherDns(plan) : ipam.dns());
        configureContainer(container, result);
        for (IpPrefix gateway : plan.bridgeAddresses()) {
            GatewayAddresses.ensure(host, bridge.name(), gateway, config.forceAddress());
        }
        plan.bridgeAddresses().stream().map(IpPrefix::isIpv6).distinct().forEach(ipv6 -> Forwarding.enable(host, ipv6));
        // Per network, not per container: one list of the table when the rules are in place.
        context.firewall().ensureNetwork(config.firewallRules(plan.subnets()));
        return result;
    }

    /** The tether daemon's DNS: the gateways as nameservers, the network as search domain (short names resolve). */
    private Dns tetherDns(GatewayPlan plan) {
        List<String> gateways = plan.bridgeAddresses().stream().map(g -> InetAddresses.format(g.address())).toList();
        return new Dns(gateways, null, List.of(config.network()), List.of());
    }

    private void configureContainer(Namespace container, Result result) {
        String ifName = request.ifName();
        if (config.enableDad()) {
            container.trySysctl("net/ipv6/conf/" + ifName + "/enhanced_dad", "1");
            container.trySysctl("net/ipv6/conf/" + ifName + "/accept_dad", "1");
        } else {
            container.trySysctl("net/ipv6/conf/" + ifName + "/accept_dad", "0");
        }
        container.trySysctl("net/ipv4/conf/" + ifName + "/arp_notify", "1");
        InterfaceSetup.apply(container, ifName, result);
    }
}
