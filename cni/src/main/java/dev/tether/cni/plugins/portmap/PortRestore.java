package dev.tether.cni.plugins.portmap;

import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.firewall.TetherFirewall;
import dev.tether.cni.plugins.KernelCalls;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniException;
import java.util.List;

/**
 * Puts an attachment's published ports back from what its ADD was given (the tether-portmap
 * request configuration with its {@code portMappings} and prevResult), e.g. after the host flushed
 * its ruleset: {@code tether daemon} runs it at start for the attachments that are still alive.
 * Ports that are all in place (what CHECK looks at) are left as they are; otherwise they are
 * published as ADD publishes them: given host ports exactly, a mapping without one (0) on a
 * port picked anew from the range (the one it had is gone with the flushed element), which the
 * call's stderr names.
 */
public final class PortRestore {
    private final PluginContext context;
    private final CniRequest request;
    private final PortMapConfig config;
    private final ContainerAddresses addresses;

    private PortRestore(PluginContext context, CniRequest request, PortMapConfig config, ContainerAddresses addresses) {
        this.context = context;
        this.request = request;
        this.config = config;
        this.addresses = addresses;
    }

    /**
     * Reads the request as tether-portmap's ADD would.
     *
     * @throws CniException with ADD's code and message when the configuration or prevResult is not one ADD accepts
     */
    public static PortRestore of(PluginContext context, CniRequest request) {
        PortMapConfig config = PortMapConfig.parse(request.config(), request.stderr());
        ContainerAddresses addresses = config.requests().isEmpty() ? new ContainerAddresses(List.of())
                : PortMapPlugin.addressesOf(request, PortMapPlugin.requirePrevResult(request, "ADD"));
        return new PortRestore(context, request, config, addresses);
    }

    /** Whether a mapping has no host port: restored after those that name one, so that no picked port takes theirs. */
    public boolean picksPorts() {
        return config.requests().stream().anyMatch(PortRequest::picksPort);
    }

    /**
     * Publishes the attachment's ports unless they are all in place.
     *
     * @return the forwards published, empty when nothing was written
     * @throws CniException as ADD fails: {@link PortMapPlugin#PORT_CONFLICT} naming the attachment that
     *     now publishes a port, {@link PortMapPlugin#NO_FREE_PORT}, 999 when the kernel refuses
     */
    public List<PortForward> run() {
        if (config.requests().isEmpty()) {
            return List.of();
        }
        return KernelCalls.call(() -> {
            AttachmentKey key = config.key(request.containerId(), request.ifName());
            TetherFirewall firewall = context.firewall();
            List<PortForward> existing = PortPlan.existing(config, addresses, key, firewall.publishedPorts());
            if (existing != null && firewall.published(key, existing, config.masqueradeFrom(addresses.subnets()))) {
                return List.of();
            }
            List<PortForward> published = new PortMapAdd(context, request, config, addresses).run();
            notePicked(published);
            return published;
        });
    }

    /** Names the ports picked for mappings without one: not the ones they had before. */
    private void notePicked(List<PortForward> published) {
        List<PortRequest> given = config.requests().stream().filter(r -> !r.picksPort()).toList();
        published.stream()
                .filter(f -> given.stream().noneMatch(r -> f.equals(r.forward(f.containerIp(), r.hostPort()))))
                .forEach(f -> request.stderr().println("tether-portmap: container port " + f.containerPort() + "/"
                        + f.protocol().label() + " had a picked host port, which cannot be known again: it is now " + f));
    }
}
