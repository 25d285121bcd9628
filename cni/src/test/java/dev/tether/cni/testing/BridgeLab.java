package dev.tether.cni.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.cni.net.Namespace;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Result;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.testing.Commands;
import dev.tether.natives.testing.TestNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test's little world: a "host" namespace (bridges, host veth ends and firewall rules live
 * there), "container" namespaces, tether-bridge bound to the host namespace, and a CNI_PATH whose
 * entries run the reference plugins inside the host namespace (they act on "the current
 * namespace"). Everything is deleted by {@link #close()}.
 */
public final class BridgeLab implements AutoCloseable {
    /** The reference plugins the wrappers can run. */
    private static final List<String> REFERENCE = List.of("bridge", "host-local", "static", "portmap", "firewall", "tuning",
            "bandwidth", "loopback");

    private final TestNamespaces namespaces = new TestNamespaces();
    private final Path dir;
    private final NetNs host;
    private final String hostName;
    private final PluginRegistry registry;
    private final PluginContext context;
    private final Path cniPath;

    public BridgeLab(Path dir) {
        this(dir, PluginRegistry.standard());
    }

    /** With extra in-process plugin types (e.g. a test IPAM) in the registry. */
    public BridgeLab(Path dir, PluginRegistry registry) {
        this.dir = dir;
        this.registry = registry;
        this.cniPath = dir.resolve("cni-bin");
        this.host = namespaces.create("host");
        this.hostName = namespaces.names().get(0);
        this.context = PluginContext.withRegistry(host, registry);
        try {
            writeWrappers();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void writeWrappers() {
        try {
            Files.createDirectories(cniPath);
            for (String type : REFERENCE) {
                Path wrapper = cniPath.resolve(type);
                Files.writeString(wrapper, "#!/bin/sh\nexec ip netns exec " + hostName + " "
                        + Fixtures.REFERENCE_PLUGINS.resolve(type) + " \"$@\"\n");
                Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public NetNs host() {
        return host;
    }

    public String hostName() {
        return hostName;
    }

    public PluginContext context() {
        return context;
    }

    public PluginRegistry registry() {
        return registry;
    }

    /** The directory of reference-plugin wrappers, to use as CNI_PATH. */
    public Path cniPath() {
        return cniPath;
    }

    /** host-local's data directory for this lab. */
    public Path hostLocalDir() {
        return dir.resolve("host-local");
    }

    public PluginHandler bridge() {
        return registry.handler(BridgePlugin.TYPE, context).orElseThrow();
    }

    /** A new container namespace. */
    public Container container(String tag) {
        NetNs ns = namespaces.create(tag);
        List<String> names = namespaces.names();
        return new Container(names.get(names.size() - 1), ns);
    }

    /**
     * An "outside" namespace linked to the host by a veth on 192.0.2.0/24 (host .1, outside .2),
     * with no route back to any container subnet: only masqueraded traffic gets answers.
     */
    public Container outside() {
        Container outside = container("out");
        try (Namespace h = open(host); Namespace out = open(outside.ns())) {
            h.links().add(new Veth(LinkAttrs.named("ttout0").withUp(true), LinkAttrs.named("ttout1"), outside.ns()));
            h.addresses().add(Addr.of(h.links().indexOf("ttout0"), IpPrefix.parse("192.0.2.1/24")));
            out.addresses().add(Addr.of(out.links().indexOf("ttout1"), IpPrefix.parse("192.0.2.2/24")));
            out.links().setUp("ttout1");
            out.links().setUp("lo");
        }
        return outside;
    }

    /** A container namespace, by its name under /run/netns. */
    public record Container(String name, NetNs ns) {
        public Path path() {
            return NetNs.RUN_DIR.resolve(name);
        }
    }

    /** An ADD/DEL/CHECK environment for (container ID, interface) in the container. */
    public Map<String, String> env(String command, String containerId, Container container, String ifName) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", container == null ? "" : container.path().toString());
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_PATH", cniPath.toString());
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"); // the reference plugins exec iptables
        return env;
    }

    /** The host-local section for the given ranges (each "subnet" or "subnet,gateway"), data in this lab. */
    public String hostLocal(String... subnets) {
        StringBuilder ranges = new StringBuilder();
        for (String subnet : subnets) {
            String[] parts = subnet.split(",");
            ranges.append(ranges.length() == 0 ? "" : ",").append("[{\"subnet\":\"").append(parts[0]).append('"')
                    .append(parts.length > 1 ? ",\"gateway\":\"" + parts[1] + "\"" : "").append("}]");
        }
        return "{\"type\":\"host-local\",\"dataDir\":\"" + hostLocalDir() + "\",\"ranges\":[" + ranges + "]}";
    }

    /** A tether-bridge config: version, network name, bridge, extra top-level fields (JSON members, may be empty) and ipam. */
    public static String config(String version, String network, String bridge, String extra, String ipam) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"" + network + "\",\"type\":\"tether-bridge\",\"bridge\":\""
                + bridge + "\"" + (extra.isEmpty() ? "" : "," + extra) + (ipam == null ? "" : ",\"ipam\":" + ipam) + "}";
    }

    public Outcome call(PluginHandler plugin, Map<String, String> env, String config) {
        return plugin.handle(new Invocation(env, Fixtures.bytes(config)));
    }

    /** ADD through tether-bridge, which must succeed; returns its result. */
    public Result add(String containerId, Container container, String ifName, String config) {
        Outcome outcome = call(bridge(), env("ADD", containerId, container, ifName), config);
        assertEquals(0, outcome.exitCode(), outcome::toString);
        return Result.fromBytes(outcome.stdout(), CniVersion.CURRENT);
    }

    /** A container and the result of its ADD. */
    public record Attached(Container container, Result result) {
        /** The first address of the result, without its prefix length. */
        public String address() {
            return dev.tether.cni.spec.Cidr.format(result.ips().get(0).address().address());
        }
    }

    /** A new container "TAG" added as "ctr-TAG" on eth0 with the config. */
    public Attached attach(String tag, String config) {
        Container container = container(tag);
        return new Attached(container, add("ctr-" + tag, container, "eth0", config));
    }

    /** DEL through tether-bridge, which must succeed. */
    public void del(String containerId, Container container, String ifName, String config) {
        Outcome outcome = call(bridge(), env("DEL", containerId, container, ifName), config);
        assertEquals(0, outcome.exitCode(), outcome::toString);
    }

    /** The addresses host-local has reserved in a network (its files named by address). */
    public List<String> leases(String network) {
        Path net = hostLocalDir().resolve(network);
        if (!Files.isDirectory(net)) {
            return List.of();
        }
        try (var files = Files.list(net)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f.:]+")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a namespace with a netlink socket for checks; close it after. */
    public static Namespace open(NetNs ns) {
        return Namespace.of(ns);
    }

    /** Link names of a namespace (besides lo). */
    public static List<String> links(NetNs ns) {
        try (Namespace n = Namespace.of(ns)) {
            List<String> names = new ArrayList<>();
            n.links().list().forEach(l -> {
                if (!l.name().equals("lo")) {
                    names.add(l.name());
                }
            });
            return names;
        }
    }

    /** Whether one ping from the namespace to the address gets an answer within a second. */
    public static boolean ping(String namespace, String address) {
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", namespace, "ping", "-n", "-q", "-c", "1", "-W", "1", address)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command inside the namespace (ip netns exec) and returns its output. */
    public static String exec(String namespace, String... command) {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        args.addAll(List.of(command));
        return Commands.run(args.toArray(String[]::new));
    }

    @Override
    public void close() {
        context.close();
        namespaces.close();
    }
}
