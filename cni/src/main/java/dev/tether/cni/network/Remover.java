package dev.tether.cni.network;

import dev.tether.cni.invoke.NetworkExecutor;
import dev.tether.cni.invoke.ResultCache;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.Veth;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code tether network rm} and {@code prune}: a network Tether created goes with everything it
 * made — its containers' attachments (with {@code --force}: DEL through the cache, as a runtime
 * would), the veths left on its bridge, the bridge, its firewall rules and per-container
 * elements, its leases and ranges in the IPAM store, its cache entries, and last its conflist
 * (so that a failure half way can be retried). Networks written by hand are never removed.
 */
public final class Remover {
    private final NetworkEnvironment env;
    private final Connector connector;
    private final OutputStream pluginStderr;

    public Remover(NetworkEnvironment env, OutputStream pluginStderr) {
        this.env = env;
        this.connector = new Connector(env, pluginStderr);
        this.pluginStderr = pluginStderr;
    }

    /**
     * A network removed.
     *
     * @param disconnected the containers it still had (removed with --force)
     * @param problems what could not be undone cleanly (a container's DEL that failed, a bridge kept)
     */
    public record Removal(String network, List<Endpoint> disconnected, List<String> problems) {}

    /**
     * Removes the networks; every name is checked first, so a refusal removes nothing.
     *
     * @throws NetworkException for a network that does not exist, was not created by Tether, or
     *     (without {@code force}) still has containers
     */
    public List<Removal> remove(List<String> names, boolean force) {
        ConfigDir.Scan scan = env.configDir().scan();
        Endpoints endpoints = env.endpoints();
        List<Network> networks = new ArrayList<>();
        for (String name : names) {
            Network network = scan.find(name).orElseThrow(() -> new NetworkException("network " + name + " not found in "
                    + env.configDir().dir() + " (see 'tether network ls')"));
            if (!network.createdByTether()) {
                throw new NetworkException("network " + name + " (" + network.file() + ") was not created by 'tether network"
                        + " create'; Tether does not remove what it did not write: delete the file yourself");
            }
            List<Endpoint> attached = endpoints.of(name);
            if (!attached.isEmpty() && !force) {
                throw new NetworkException("network " + name + " has " + attached.size() + " container"
                        + (attached.size() == 1 ? "" : "s") + " attached (" + String.join(", ",
                        attached.stream().map(e -> e.containerId() + " " + e.ifName()).toList())
                        + "); disconnect them or use --force");
            }
            networks.add(network);
        }
        List<Removal> removed = new ArrayList<>();
        for (Network network : networks) {
            removed.add(tearDown(network, endpoints.of(network.name())));
        }
        return removed;
    }

    /** Removes every network Tether created that has no container; hand-written ones stay. */
    public List<Removal> prune() {
        Endpoints endpoints = env.endpoints();
        List<Removal> removed = new ArrayList<>();
        for (Network network : env.configDir().scan().networks()) {
            if (network.createdByTether() && endpoints.of(network.name()).isEmpty()) {
                removed.add(tearDown(network, List.of()));
            }
        }
        return removed;
    }

    private Removal tearDown(Network network, List<Endpoint> attached) {
        List<String> problems = new ArrayList<>();
        if (!attached.isEmpty()) {
            NetworkConfigList config = Connector.load(network);
            NetworkExecutor executor = env.executor(pluginStderr);
            for (Endpoint endpoint : attached) {
                try {
                    connector.del(executor, config, network, endpoint);
                } catch (NetworkException e) {
                    problems.add(e.getMessage() + "; its veth and lease are removed with the network");
                }
            }
        }
        if (network.usesTetherBridge() && !bridgeShared(network)) {
            deleteBridge(network.bridge().name()).ifPresent(problems::add);
        }
        try {
            env.firewall().removeNetwork(network.name());
            env.firewall().collectGarbage(network.name(), List.of());
        } catch (NativeException e) {
            throw new NetworkException("cannot remove the firewall rules of network " + network.name() + ": " + e.getMessage(), e);
        }
        env.leases().forget(network.name());
        ResultCache cache = env.cache();
        for (ResultCache.Entry entry : cache.list(null)) {
            if (entry.networkName().equals(network.name())) {
                cache.delete(entry.networkName(), entry.containerId(), entry.ifName());
            }
        }
        env.configDir().delete(network);
        return new Removal(network.name(), attached, problems);
    }

    /** Whether another network of the directory names the same bridge (then it stays). */
    private boolean bridgeShared(Network network) {
        return env.configDir().scan().networks().stream().anyMatch(other -> !other.name().equals(network.name())
                && other.bridge() != null && other.bridge().name().equals(network.bridge().name()));
    }

    /**
     * Deletes the veths left on the bridge (their container ends go with them), then the bridge,
     * unless a port Tether did not make (not a veth) is still on it.
     *
     * @return why the bridge was kept, if it was
     */
    private Optional<String> deleteBridge(String name) {
        Namespace host = env.host();
        try {
            Optional<Link> bridge = host.links().find(name);
            if (bridge.isEmpty()) {
                return Optional.empty();
            }
            List<String> foreign = new ArrayList<>();
            for (Link port : host.links().list()) {
                if (port.attrs().masterIndex() == bridge.get().index()) {
                    if (port instanceof Veth) {
                        host.links().deleteIfExists(port.name());
                    } else {
                        foreign.add(port.name());
                    }
                }
            }
            if (!foreign.isEmpty()) {
                return Optional.of("bridge " + name + " kept: it has ports Tether did not make " + foreign);
            }
            host.links().deleteIfExists(name);
            return Optional.empty();
        } catch (NativeException e) {
            throw new NetworkException("cannot delete bridge " + name + ": " + e.getMessage(), e);
        }
    }
}
