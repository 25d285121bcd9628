package dev.tether.cni.plugins.bridge;

import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.firewall.NetworkRules;
import dev.tether.cni.invoke.Delegate;
import dev.tether.cni.net.Expectations;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.net.Prefixes;
import dev.tether.cni.plugins.Containers;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Result;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.rtnl.link.Bridge;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.Veth;
import java.util.Objects;
import java.util.Optional;

/**
 * CHECK of tether-bridge against the previous result, as the reference checks: the IPAM
 * delegate's CHECK first; then the bridge, the container interface (a veth in CNI_NETNS) and the
 * host end (the veth on the bridge whose peer is the container interface), with their MACs; the
 * container's addresses and routes; and the firewall state the config asks for.
 */
final class BridgeCheck {
    private final PluginContext context;
    private final CniRequest request;
    private final BridgeConfig config;

    BridgeCheck(PluginContext context, CniRequest request, BridgeConfig config) {
        this.context = context;
        this.request = request;
        this.config = config;
    }

    void run() {
        Result prev = request.prevResult();
        if (prev == null) {
            throw CniException.invalidConfig("prevResult", "is required for CHECK");
        }
        if (config.isLayer3()) {
            new Delegate(context.invoker()).check(config.ipam().type(), request);
        }
        Namespace host = context.host();
        Link bridge = checkBridge(host, prev);
        Result.Interface expected = prev.interfaces().stream()
                .filter(i -> i.name().equals(request.ifName()) && request.netns().equals(i.sandbox()))
                .findFirst()
                .orElseThrow(() -> failed("prevResult has no interface \"" + request.ifName() + "\" with sandbox "
                        + request.netns()));
        try (Namespace container = Containers.open(request)) {
            Link inside = container.links().find(request.ifName())
                    .orElseThrow(() -> failed("interface \"" + request.ifName() + "\" is missing in " + request.netns()));
            if (!(inside instanceof Veth)) {
                throw failed("interface \"" + request.ifName() + "\" in the container is not a veth");
            }
            requireMac(expected, inside);
            Link hostEnd = checkHostEnd(host, prev, bridge, inside);
            Expectations.requireAddresses(container, request.ifName(), prev.ips());
            Expectations.requireRoutes(container, prev.routes());
            checkFirewall(prev, hostEnd, inside.attrs().mac());
        }
    }

    private Link checkBridge(Namespace host, Result prev) {
        Result.Interface expected = prev.interfaces().stream().filter(i -> i.name().equals(config.bridge())).findFirst()
                .orElseThrow(() -> failed("prevResult does not list the bridge \"" + config.bridge() + "\""));
        if (expected.sandbox() != null) {
            throw failed("the bridge \"" + config.bridge() + "\" should not be in a sandbox");
        }
        Link bridge = host.links().find(config.bridge())
                .orElseThrow(() -> failed("the bridge \"" + config.bridge() + "\" is missing"));
        if (!(bridge instanceof Bridge)) {
            throw failed("\"" + config.bridge() + "\" is not a bridge");
        }
        requireMac(expected, bridge);
        if (bridge.attrs().isPromiscuous() != config.promiscMode()) {
            throw failed("the bridge's promiscuous mode is " + bridge.attrs().isPromiscuous() + ", the config says "
                    + config.promiscMode());
        }
        return bridge;
    }

    /** The host interface of prevResult that is a veth on the bridge and the container interface's peer. */
    private Link checkHostEnd(Namespace host, Result prev, Link bridge, Link inside) {
        for (Result.Interface candidate : prev.interfaces()) {
            if (candidate.sandbox() != null || candidate.name().equals(config.bridge()) || candidate.name().isEmpty()) {
                continue;
            }
            Optional<Link> link = host.links().find(candidate.name());
            if (link.isPresent() && link.get() instanceof Veth
                    && link.get().index() == inside.attrs().parentIndex()
                    && link.get().attrs().parentIndex() == inside.index()
                    && link.get().attrs().masterIndex() == bridge.index()) {
                requireMac(candidate, link.get());
                return link.get();
            }
        }
        throw failed("the host end of \"" + request.ifName() + "\" is not on the bridge \"" + config.bridge() + "\"");
    }

    private void checkFirewall(Result prev, Link hostEnd, MacAddress containerMac) {
        if (!prev.ips().isEmpty()) {
            NetworkRules rules = config.firewallRules(prev.ips().stream().map(ip -> Prefixes.of(ip.address())).toList());
            if (!context.firewall().networkInPlace(rules)) {
                throw failed("the firewall rules (isolation" + (rules.internal() ? ", internal" : "")
                        + (rules.masquerade() ? ", masquerade" : "") + ") of network \"" + config.network() + "\" are missing");
            }
        }
        if (config.macSpoofCheck() && !context.firewall().macGuarded(
                new AttachmentKey(config.network(), request.containerId(), request.ifName()), hostEnd.name(), containerMac)) {
            throw failed("the MAC spoof check of \"" + hostEnd.name() + "\" is missing");
        }
    }

    private static void requireMac(Result.Interface expected, Link actual) {
        if (expected.mac() == null || expected.mac().isEmpty()) {
            return;
        }
        String mac = actual.attrs().mac() == null ? null : actual.attrs().mac().toString();
        if (!Objects.equals(expected.mac().toLowerCase(java.util.Locale.ROOT), mac)) {
            throw failed("the MAC of \"" + actual.name() + "\" is " + mac + ", prevResult says " + expected.mac());
        }
    }

    private static CniException failed(String what) {
        return new CniException(ErrorCode.INTERNAL, "CHECK failed: " + what);
    }
}
