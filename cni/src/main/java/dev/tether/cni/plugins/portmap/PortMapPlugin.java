package dev.tether.cni.plugins.portmap;

import dev.tether.cni.cli.TetherVersion;
import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.net.Routing;
import dev.tether.cni.plugins.KernelCalls;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.skel.CniPlugin;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Result;
import dev.tether.natives.libc.NativeException;
import java.util.List;

/**
 * tether-portmap: publishes container ports on the host like Docker's {@code -p}, as a chained
 * plugin after tether-bridge (a drop-in for the reference portmap's capability and result). It
 * reads the {@code portMappings} capability and the container's addresses from prevResult, and
 * passes prevResult through unchanged. Ports are elements of nftables maps in Tether's table
 * (one transaction per ADD or DEL, no chain per container): traffic to the host port on any
 * local address (or only {@code hostIP}) is DNAT'd to the container, from outside, from the host
 * itself (127.0.0.1 too), from other containers and from the container itself (hairpin).
 *
 * <p>A host port another attachment publishes fails the ADD with {@link #PORT_CONFLICT}, naming
 * it, and changes nothing; a repeated ADD of the attachment is idempotent. A mapping without a
 * host port (0) gets a free one from {@code portRange} (the CNI result has no place for it:
 * {@code tether network inspect} shows it, read from the element).
 */
public final class PortMapPlugin implements CniPlugin {
    public static final String TYPE = "tether-portmap";
    /** Another attachment publishes the port (or one that takes the same packets). */
    public static final int PORT_CONFLICT = 100;
    /** Every port of the range is taken. */
    public static final int NO_FREE_PORT = 101;

    private final PluginContext context;

    public PortMapPlugin(PluginContext context) {
        this.context = context;
    }

    @Override
    public String about() {
        return "Tether port mapping plugin " + TetherVersion.version();
    }

    @Override
    public Result add(CniRequest request) {
        PortMapConfig config = PortMapConfig.parse(request.config(), request.stderr());
        Result prev = requirePrevResult(request, "ADD");
        if (config.requests().isEmpty()) {
            return prev;
        }
        ContainerAddresses addresses = addressesOf(request, prev);
        KernelCalls.run(() -> new PortMapAdd(context, request, config, addresses).run());
        return prev;
    }

    /**
     * Removes every port the attachment publishes, whatever the request's mappings say (a picked
     * port is not in them); reads nothing of the config but the network's name, so that a DEL
     * always gets through.
     */
    @Override
    public void del(CniRequest request) {
        AttachmentKey key = new AttachmentKey(request.config().name(), request.containerId(), request.ifName());
        KernelCalls.call(() -> context.firewall().unpublish(key));
    }

    /** Fails unless the static chains and every element the mappings ask for (picked ports as published) are in place. */
    @Override
    public void check(CniRequest request) {
        PortMapConfig config = PortMapConfig.parse(request.config(), request.stderr());
        Result prev = requirePrevResult(request, "CHECK");
        if (config.requests().isEmpty()) {
            return;
        }
        ContainerAddresses addresses = addressesOf(request, prev);
        AttachmentKey key = config.key(request.containerId(), request.ifName());
        KernelCalls.run(() -> {
            List<PortForward> expected = PortPlan.existing(config, addresses, key, context.firewall().publishedPorts());
            if (expected == null || !context.firewall().published(key, expected, config.masqueradeFrom(addresses.subnets()))) {
                throw failed("the published ports of " + request.containerId() + " (" + request.ifName() + ") are not all in"
                        + " table inet tether: " + String.join(", ", config.requests().stream().map(PortRequest::describe).toList()));
            }
            if (config.snat()) {
                checkRouteLocalnet(expected);
            }
        });
    }

    /** Ready when Tether's table can be written (the static chains are made or refreshed). */
    @Override
    public void status(CniRequest request) {
        PortMapConfig.parse(request.config(), request.stderr());
        try {
            context.firewall().preparePublishing();
        } catch (NativeException e) {
            throw new CniException(ErrorCode.PLUGIN_NOT_AVAILABLE, "cannot write table inet tether: " + e.getMessage());
        }
    }

    /** Removes the ports (and other per-container state) of the network's attachments not in the valid list. */
    @Override
    public void gc(CniRequest request) {
        List<AttachmentKey> keep = request.validAttachments().stream()
                .map(a -> new AttachmentKey(request.config().name(), a.containerId(), a.ifName())).toList();
        try {
            context.firewall().collectGarbage(request.config().name(), keep);
        } catch (NativeException e) {
            throw new CniException(ErrorCode.INTERNAL, "cannot remove stale published ports: " + e.getMessage());
        }
    }

    private void checkRouteLocalnet(List<PortForward> expected) {
        expected.stream().filter(f -> !f.isIpv6()).findFirst()
                .flatMap(f -> Routing.interfaceTowards(context.host(), f.containerIp()))
                .filter(link -> !"1".equals(context.host().sysctl("net/ipv4/conf/" + link + "/route_localnet")))
                .ifPresent(link -> {
                    throw failed("route_localnet is off on " + link + ": 127.0.0.1 cannot reach the published ports");
                });
    }

    static Result requirePrevResult(CniRequest request, String command) {
        if (request.prevResult() == null) {
            throw CniException.invalidConfig("prevResult", "is required for " + command + ": tether-portmap is a chained"
                    + " plugin (put it after tether-bridge in the network's plugins)");
        }
        return request.prevResult();
    }

    static ContainerAddresses addressesOf(CniRequest request, Result prev) {
        ContainerAddresses addresses = ContainerAddresses.of(prev, request.ifName());
        if (addresses.isEmpty()) {
            throw CniException.invalidConfig("prevResult.ips", "has no address of interface \"" + request.ifName()
                    + "\" to forward the published ports to");
        }
        return addresses;
    }

    private static CniException failed(String what) {
        return new CniException(ErrorCode.INTERNAL, "CHECK failed: " + what);
    }
}
