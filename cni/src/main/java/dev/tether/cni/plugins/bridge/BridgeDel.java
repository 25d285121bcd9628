package dev.tether.cni.plugins.bridge;

import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.invoke.Delegate;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.plugins.Containers;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.Result;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.thread.BackgroundCall;
import java.util.Optional;

/**
 * DEL of tether-bridge: the container interface (its veth peer goes with it) and the attachment's
 * firewall elements, with the IPAM release on a thread of its own meanwhile (they do not depend on
 * each other; the reference releases first). Whatever is already gone (the namespace, the
 * interface, the elements, the lease) is fine. A failure of the interface work is the one thrown
 * if both fail; either way the release has ended before DEL returns.
 */
final class BridgeDel {
    private BridgeDel() {}

    static void run(PluginContext context, CniRequest request, BridgeConfig config) {
        Optional<BackgroundCall<Void>> release = config.isLayer3() ? Optional.of(BackgroundCall.start("tether-ipam-del", () -> {
            new Delegate(context.invoker()).del(config.ipam().type(), request);
            return null;
        })) : Optional.empty();
        try {
            removeAttachment(context, request, config);
        } catch (RuntimeException | Error failure) {
            release.ifPresent(BackgroundCall::joinQuietly);
            throw failure;
        }
        release.ifPresent(BackgroundCall::join);
    }

    private static void removeAttachment(PluginContext context, CniRequest request, BridgeConfig config) {
        Optional<Namespace> container = Containers.openIfPresent(request);
        if (container.isPresent()) {
            try (Namespace ns = container.get()) {
                ns.links().deleteIfExists(request.ifName());
            }
        }
        deleteHostEnd(context.host(), request.prevResult(), config.bridge());
        if (config.macSpoofCheck()) {
            context.firewall().releaseAttachment(new AttachmentKey(config.network(), request.containerId(), request.ifName()));
        }
    }

    /**
     * The host end named in the previous result, if it is still a veth on the bridge: it outlives
     * the container interface only when CNI_NETNS was not given but the namespace still exists.
     */
    private static void deleteHostEnd(Namespace host, Result prev, String bridge) {
        if (prev == null || prev.interfaces().size() < 2) {
            return;
        }
        Result.Interface hostEnd = prev.interfaces().get(1);
        if (hostEnd.sandbox() != null || hostEnd.name().isEmpty() || hostEnd.name().equals(bridge)) {
            return;
        }
        Optional<Link> link = host.links().find(hostEnd.name());
        Optional<Link> bridgeLink = host.links().find(bridge);
        if (link.isPresent() && bridgeLink.isPresent() && link.get() instanceof Veth
                && link.get().attrs().masterIndex() == bridgeLink.get().index()) {
            host.links().deleteIfExists(hostEnd.name());
        }
    }
}
