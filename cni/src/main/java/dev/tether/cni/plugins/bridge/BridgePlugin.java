package dev.tether.cni.plugins.bridge;

import dev.tether.cni.cli.TetherVersion;
import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.invoke.Delegate;
import dev.tether.cni.net.Bridges;
import dev.tether.cni.plugins.KernelCalls;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.skel.CniPlugin;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniError;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Result;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.NotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * tether-bridge: what Docker's default bridge does, as a drop-in for the reference bridge plugin
 * (same config keys, same result shape). The bridge is created on first use (default
 * {@value BridgeConfig#DEFAULT_BRIDGE}); each container gets a veth pair, addresses and routes
 * from the IPAM plugin named in the config (exec'd from CNI_PATH, or in-process for types the
 * context's registry serves). The network's nftables rules come with its first ADD: isolation
 * from the other Tether bridges always, masquerading with ipMasq, no forwarding in or out with
 * Tether's key {@code internal}; {@code portIsolation} sets the ports' {@code isolated} flag
 * (containers of the network cannot reach each other, only the gateway and beyond).
 *
 * <p>A second ADD of an attachment that exists (same CNI_IFNAME in the same namespace) fails with
 * code 999 before it changes anything, as the reference's does: the first attachment keeps its
 * interface, addresses and lease. A failed ADD undoes what it made (veth, lease, per-container
 * firewall elements), never what other attachments share (bridge, gateway address, network rules).
 */
public final class BridgePlugin implements CniPlugin {
    public static final String TYPE = "tether-bridge";

    private final PluginContext context;

    public BridgePlugin(PluginContext context) {
        this.context = context;
    }

    @Override
    public String about() {
        return "Tether bridge plugin " + TetherVersion.version();
    }

    @Override
    public Result add(CniRequest request) {
        BridgeConfig config = config(request);
        if (!config.isLayer3() && request.cniVersion().resultFormat() == CniVersion.ResultFormat.IP4_IP6) {
            throw new CniException(ErrorCode.INCOMPATIBLE_VERSION, "cniVersion " + request.cniVersion()
                    + " cannot express an attachment without IP addresses", "add an \"ipam\" section or use cniVersion 0.3.0 or later");
        }
        return KernelCalls.call(() -> new BridgeAdd(context, request, config).run());
    }

    @Override
    public void del(CniRequest request) {
        BridgeConfig config = config(request);
        KernelCalls.run(() -> BridgeDel.run(context, request, config));
    }

    @Override
    public void check(CniRequest request) {
        BridgeConfig config = config(request);
        KernelCalls.run(() -> new BridgeCheck(context, request, config).run());
    }

    /**
     * Ready unless the bridge name is taken by another kind of link, or the IPAM delegate reports
     * that it cannot serve (its error, as code 50 unless it gave 50 or 51 itself).
     */
    @Override
    public void status(CniRequest request) {
        BridgeConfig config = config(request);
        try {
            Bridges.require(context.host(), config.bridge());
        } catch (NotFoundException notYet) {
            // created by the first ADD
        } catch (CniException notABridge) {
            throw new CniException(ErrorCode.PLUGIN_NOT_AVAILABLE, notABridge.getMessage(), notABridge.details());
        }
        if (config.isLayer3()) {
            try {
                new Delegate(context.invoker()).status(config.ipam().type(), request);
            } catch (CniException e) {
                if (e.code() == ErrorCode.PLUGIN_NOT_AVAILABLE || e.code() == ErrorCode.LIMITED_CONNECTIVITY) {
                    throw e;
                }
                throw new CniException(ErrorCode.PLUGIN_NOT_AVAILABLE, "IPAM plugin \"" + config.ipam().type()
                        + "\" is not available: " + e.getMessage(), e.details());
            }
        }
    }

    /**
     * Forwards GC to the IPAM delegate and removes the per-container firewall state of the
     * network's attachments that are not valid any more; continues past failures and reports them all.
     */
    @Override
    public void gc(CniRequest request) {
        BridgeConfig config = config(request);
        List<CniError> errors = new ArrayList<>();
        if (config.isLayer3()) {
            try {
                new Delegate(context.invoker()).gc(config.ipam().type(), request);
            } catch (CniException e) {
                errors.add(e.toError());
            }
        }
        try {
            List<AttachmentKey> keep = request.validAttachments().stream()
                    .map(a -> new AttachmentKey(config.network(), a.containerId(), a.ifName())).toList();
            context.firewall().collectGarbage(config.network(), keep);
        } catch (NativeException e) {
            errors.add(new CniError(ErrorCode.INTERNAL, "cannot remove stale firewall state: " + e.getMessage(), ""));
        }
        if (!errors.isEmpty()) {
            CniError first = errors.get(0);
            String more = errors.size() == 1 ? first.details() : errors.subList(1, errors.size()).toString();
            throw new CniException(first.code(), first.msg(), more);
        }
    }

    private static BridgeConfig config(CniRequest request) {
        return BridgeConfig.parse(request.config(), request.args());
    }
}
