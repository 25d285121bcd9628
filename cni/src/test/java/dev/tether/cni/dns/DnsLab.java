package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.cni.daemon.TetherDaemon;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.Fixtures;
import dev.tether.ipam.daemon.DaemonClient;
import dev.tether.ipam.daemon.Reply;
import dev.tether.ipam.store.StoreLocation;
import dev.tether.natives.testing.Commands;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test world for the daemon's DNS: a {@link BridgeLab} whose "host" namespace runs a tether
 * daemon (plugins, store and DNS listeners all there), Tether networks written as conflists to
 * a config dir, containers added through the daemon with names and aliases as podman sends them,
 * and the host's upstream resolvers: a {@link FakeUpstream} at 198.51.100.2 and a silent one at
 * 198.51.100.3, in a namespace of their own behind a veth from the host namespace.
 */
final class DnsLab implements AutoCloseable {
    static final InetAddress UPSTREAM = address("198.51.100.2");
    static final InetAddress SILENT = address("198.51.100.3");
    static final Duration UPSTREAM_TIMEOUT = Duration.ofMillis(300);
    static final Duration RECONCILE_INTERVAL = Duration.ofMillis(200);

    final BridgeLab lab;
    final Path configDir;
    final Path dataDir;
    final Path resolvConf;
    final Path socket;
    final FakeUpstream upstream;
    final FakeUpstream silent;
    /** The upstreams' namespace. */
    final BridgeLab.Container upstreams;
    private TetherDaemon daemon;

    /** A network's name, bridge and IPAM ranges; {@link #config} is what the runtime sends for one container. */
    record Network(String name, String bridge, List<String> subnets) {
        String plugin(String extra) {
            String ranges = subnets.stream().map(s -> "[{\"subnet\":\"" + s + "\"}]").collect(Collectors.joining(","));
            return "{\"type\":\"tether-bridge\",\"bridge\":\"" + bridge + "\",\"isGateway\":true,\"isDefaultGateway\":true,"
                    + "\"tetherDns\":true,\"ipam\":{\"type\":\"tether-ipam\",\"ranges\":[" + ranges + "]}" + extra + "}";
        }

        /** The plugin config libcni derives, with the podman "aliases" capability's runtimeConfig. */
        String config(List<String> aliases) {
            String list = aliases.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(","));
            String plugin = plugin(",\"runtimeConfig\":{\"aliases\":{\"" + name + "\":[" + list + "]}}");
            return "{\"cniVersion\":\"1.0.0\",\"name\":\"" + name + "\"," + plugin.substring(1);
        }
    }

    /** A container attached to a network: its namespace, ID and ADD result. */
    record Attached(Network network, BridgeLab.Container container, String id, List<String> aliases, String podName,
                    Result result) {
        InetAddress address(int index) {
            return result.ips().get(index).address().address();
        }

        InetAddress gateway(int index) {
            return result.ips().get(index).gateway();
        }
    }

    DnsLab(Path dir) throws IOException {
        lab = new BridgeLab(dir);
        try {
            configDir = Files.createDirectories(dir.resolve("net.d"));
            dataDir = dir.resolve("data");
            socket = dir.resolve("run/tether.sock");
            resolvConf = Files.writeString(dir.resolve("resolv.conf"), "nameserver " + UPSTREAM.getHostAddress() + "\n");
            BridgeLab.Container up = lab.container("up");
            upstreams = up;
            String host = lab.hostName();
            Commands.run("ip", "-n", host, "link", "set", "lo", "up"); // as on a real host: it can reach its own addresses
            Commands.run("ip", "-n", host, "link", "add", "up0", "type", "veth", "peer", "name", "eth0", "netns", up.name());
            Commands.run("ip", "-n", host, "addr", "add", "198.51.100.1/24", "dev", "up0");
            Commands.run("ip", "-n", host, "link", "set", "up0", "up");
            Commands.run("ip", "-n", up.name(), "addr", "add", UPSTREAM.getHostAddress() + "/24", "dev", "eth0");
            Commands.run("ip", "-n", up.name(), "addr", "add", SILENT.getHostAddress() + "/24", "dev", "eth0");
            Commands.run("ip", "-n", up.name(), "link", "set", "eth0", "up");
            upstream = new FakeUpstream(up.ns(), UPSTREAM, false);
            silent = new FakeUpstream(up.ns(), SILENT, true);
        } catch (IOException | RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the daemon with its host side in the lab's host namespace. */
    TetherDaemon startDaemon() throws Exception {
        DnsSettings settings = DnsSettings.of(configDir, resolvConf).withUpstreamTimeout(UPSTREAM_TIMEOUT)
                .withReconcileInterval(RECONCILE_INTERVAL);
        daemon = TetherDaemon.start(socket, dataDir, null, lab.host().path(), settings);
        return daemon;
    }

    void stopDaemon() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    DnsService dns() {
        return daemon.dns().orElseThrow();
    }

    /** A Tether network, with its conflist written to the config dir. */
    Network network(String name, String bridge, String... subnets) throws IOException {
        Network network = new Network(name, bridge, List.of(subnets));
        Files.writeString(configDir.resolve("50-" + name + ".conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"" + name
                + "\",\"plugins\":[" + network.plugin(",\"capabilities\":{\"aliases\":true}") + "]}");
        return network;
    }

    /** ADD of a new container "TAG" through the daemon, named by K8S_POD_NAME (null: no name) with aliases. */
    Attached add(Network network, String tag, String podName, String... aliases) throws IOException {
        BridgeLab.Container container = lab.container(tag);
        String id = "ctr-" + tag;
        Reply reply = new DaemonClient(socket).call("tether-bridge", env("ADD", id, container, podName),
                Fixtures.bytes(network.config(List.of(aliases))));
        assertEquals(0, reply.exitCode(), () -> new String(reply.stdout(), StandardCharsets.UTF_8));
        return new Attached(network, container, id, List.of(aliases), podName, Result.fromBytes(reply.stdout(), CniVersion.CURRENT));
    }

    /** The same ADD by the plugin in this process on the store file, as an exec'd plugin does when no daemon runs. */
    Attached addWithoutDaemon(Network network, String tag, String podName, String... aliases) {
        BridgeLab.Container container = lab.container(tag);
        String id = "ctr-" + tag;
        Map<String, String> env = env("ADD", id, container, podName);
        env.put(StoreLocation.ENV_DATA_DIR, dataDir.toString());
        Outcome outcome = lab.call(lab.bridge(), env, network.config(List.of(aliases)));
        assertEquals(0, outcome.exitCode(), outcome::toString);
        return new Attached(network, container, id, List.of(aliases), podName, Result.fromBytes(outcome.stdout(), CniVersion.CURRENT));
    }

    void del(Attached attached) throws IOException {
        Reply reply = new DaemonClient(socket).call("tether-bridge", env("DEL", attached.id(), attached.container(),
                attached.podName()), Fixtures.bytes(attached.network().config(attached.aliases())));
        assertEquals(0, reply.exitCode(), () -> new String(reply.stdout(), StandardCharsets.UTF_8));
    }

    /** The environment a runtime gives the plugin, with CNI_ARGS as podman sends them. */
    Map<String, String> env(String command, String id, BridgeLab.Container container, String podName) {
        Map<String, String> env = lab.env(command, id, container, "eth0");
        List<String> args = new ArrayList<>(List.of("IgnoreUnknown=1", "K8S_POD_NAMESPACE=default"));
        if (podName != null) {
            args.add("K8S_POD_NAME=" + podName);
        }
        env.put("CNI_ARGS", String.join(";", args));
        return env;
    }

    void writeResolvConf(String text) throws IOException {
        Files.writeString(resolvConf, text);
        Files.setLastModifiedTime(resolvConf, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 1000));
    }

    @Override
    public void close() throws IOException {
        try {
            stopDaemon();
            upstream.close();
            silent.close();
        } finally {
            lab.close();
        }
    }
}
