package dev.tether.cni.plugins;

import dev.tether.cni.firewall.TetherFirewall;
import dev.tether.cni.invoke.PluginInvoker;
import dev.tether.cni.net.Namespace;
import dev.tether.natives.netns.NetNs;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a plugin acts on besides its request: the host namespace (where bridges, host veth ends
 * and firewall rules live), the invoker that runs delegated plugins, and the firewall of the host.
 * In an exec'd plugin the host is the process's own namespace; in tests a namespace the test
 * made; in the daemon the daemon's. Thread-safe; one context serves concurrent calls.
 */
public final class PluginContext implements AutoCloseable {
    private final NetNs hostNs;
    private final PluginInvoker invoker;
    private final TetherFirewall firewall;
    private final Lazy<Namespace> host;

    public PluginContext(NetNs hostNs, PluginInvoker invoker) {
        this.hostNs = hostNs;
        this.invoker = invoker;
        this.firewall = new TetherFirewall(hostNs);
        this.host = Lazy.of(() -> Namespace.of(hostNs));
    }

    /**
     * A context whose invoker serves the registry's plugin types in-process (e.g. tether-ipam
     * delegated from tether-bridge), each bound to this same context; other types are exec'd.
     */
    public static PluginContext withRegistry(NetNs hostNs, PluginRegistry registry) {
        AtomicReference<PluginContext> self = new AtomicReference<>();
        PluginContext context = new PluginContext(hostNs, new PluginInvoker(registry.inProcess(self::get)));
        self.set(context);
        return context;
    }

    public NetNs hostNs() {
        return hostNs;
    }

    /** The host namespace with its netlink socket, opened on first use and kept. */
    public Namespace host() {
        return host.get();
    }

    public PluginInvoker invoker() {
        return invoker;
    }

    public TetherFirewall firewall() {
        return firewall;
    }

    /** Closes the host socket; the host namespace handle stays the caller's. */
    @Override
    public void close() {
        host.made().ifPresent(Namespace::close);
    }
}
