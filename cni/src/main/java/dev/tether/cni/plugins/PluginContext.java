package dev.tether.cni.plugins;

import dev.tether.cni.firewall.TetherFirewall;
import dev.tether.cni.invoke.PluginInvoker;
import dev.tether.cni.net.Namespace;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.StoreAccess;
import dev.tether.ipam.store.StoreOptions;
import dev.tether.natives.netns.NetNs;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What a plugin acts on besides its request: the host namespace (where bridges, host veth ends
 * and firewall rules live), the invoker that runs delegated plugins, the firewall of the host and
 * the IPAM store access. In an exec'd plugin the host is the process's own namespace and each
 * call opens the store under its file lock; in the daemon, the daemon's namespace and its shared
 * store; in tests, a namespace the test made. The host namespace is opened on first use, so a
 * plugin that never touches the host (tether-ipam) never loads the native layer.
 * Thread-safe; one context serves concurrent calls.
 */
public final class PluginContext implements AutoCloseable {
    private final Lazy<NetNs> hostNs;
    private final PluginInvoker invoker;
    private final StoreAccess stores;
    private final Lazy<TetherFirewall> firewall;
    private final Lazy<Namespace> host;

    public PluginContext(Supplier<NetNs> hostNs, PluginInvoker invoker, StoreAccess stores) {
        this.hostNs = Lazy.of(hostNs);
        this.invoker = invoker;
        this.stores = stores;
        this.firewall = Lazy.of(() -> new TetherFirewall(this.hostNs.get()));
        this.host = Lazy.of(() -> Namespace.of(this.hostNs.get()));
    }

    /**
     * A context whose invoker serves the registry's plugin types in-process (e.g. tether-ipam
     * delegated from tether-bridge), each bound to this same context; other types are exec'd.
     */
    public static PluginContext withRegistry(Supplier<NetNs> hostNs, PluginRegistry registry, StoreAccess stores) {
        AtomicReference<PluginContext> self = new AtomicReference<>();
        PluginContext context = new PluginContext(hostNs, new PluginInvoker(registry.inProcess(self::get)), stores);
        self.set(context);
        return context;
    }

    /** As an exec'd plugin runs: each IPAM call opens the store itself, queueing on its file lock. */
    public static PluginContext withRegistry(NetNs hostNs, PluginRegistry registry) {
        return withRegistry(() -> hostNs, registry, new EmbeddedStoreAccess(StoreOptions.defaults()));
    }

    public NetNs hostNs() {
        return hostNs.get();
    }

    /** The host namespace with its netlink socket, opened on first use and kept. */
    public Namespace host() {
        return host.get();
    }

    public PluginInvoker invoker() {
        return invoker;
    }

    public TetherFirewall firewall() {
        return firewall.get();
    }

    public StoreAccess stores() {
        return stores;
    }

    /** Closes the host socket; the host namespace handle stays the caller's. */
    @Override
    public void close() {
        host.made().ifPresent(Namespace::close);
    }
}
