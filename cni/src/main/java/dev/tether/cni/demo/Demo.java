package dev.tether.cni.demo;

import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Result;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.Netlink;
import dev.tether.natives.rtnl.link.Link;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code tether demo}: two containers (network namespaces) on a Tether bridge network, reaching
 * each other. The bridge, the host ends of the veths and the NAT rules go into a third namespace
 * that stands in for the host, so the demo never touches this machine's own network. The plugins
 * are Tether's own (tether-bridge with tether-ipam, in this process, on a store in a temporary
 * directory). Everything the demo made is removed at the end, also when a step fails or the demo
 * is interrupted.
 */
public final class Demo implements AutoCloseable {
    static final String NETWORK = "tether-demo";
    static final String BRIDGE = "tdemo0";
    static final String SUBNET = "10.250.0.0/24";

    /** A container of the demo: its name ("a", "b"), its namespace's name and handle. */
    private record Container(String name, String namespace, NetNs ns) {}

    private final PrintWriter out;
    private final String suffix = HexFormat.of().formatHex(randomBytes());
    private final List<String> namespaces = new ArrayList<>();
    private final List<Container> containers = new ArrayList<>();
    private final List<Container> attached = new ArrayList<>();
    private NetNs host;
    private Path dataDir;
    private PluginContext context;
    private PluginHandler bridge;
    private boolean closed;

    public Demo(PrintWriter out) {
        this.out = out;
    }

    /** Runs the demo; a failure is thrown after what was made is removed (by {@link #close()}). */
    public void run() throws IOException {
        say("Tether demo: two containers on a Tether bridge network, all in namespaces of their own");
        setUp();
        Map<Container, InetAddress> addresses = new LinkedHashMap<>();
        for (Container container : containers) {
            addresses.put(container, attach(container));
        }
        showHost();
        Container a = containers.get(0);
        Container b = containers.get(1);
        ping(b, a, addresses.get(a));
        TcpExchange.Outcome tcp = TcpExchange.run(b.ns(), a.ns(), addresses.get(a), "hello from " + b.name(),
                "hello from " + a.name());
        say("  TCP %s -> %s port %d: %s sent \"%s\", %s answered \"%s\" (%.1f ms)", b.name(),
                addresses.get(a).getHostAddress(), tcp.port(), b.name(), tcp.received(), a.name(), tcp.answered(),
                tcp.micros() / 1000.0);
        if (!tcp.received().equals("hello from " + b.name()) || !tcp.answered().equals("hello from " + a.name())) {
            throw new IllegalStateException("the TCP exchange garbled the lines");
        }
        for (Container container : containers) {
            detach(container);
        }
        close();
        say("Done: the two containers reached each other through the Tether bridge; nothing is left behind.");
    }

    private void setUp() throws IOException {
        dataDir = Files.createTempDirectory("tether-demo-");
        host = createNamespace("tether-demo-host-" + suffix);
        for (String name : List.of("a", "b")) {
            String namespace = "tether-demo-" + name + "-" + suffix;
            containers.add(new Container(name, namespace, createNamespace(namespace)));
        }
        say("  namespaces: %s stands in for this machine, %s and %s for containers a and b", namespaces.get(0),
                containers.get(0).namespace(), containers.get(1).namespace());
        say("  IPAM store: %s", dataDir.resolve("ipam.db"));
        PluginRegistry registry = PluginRegistry.standard();
        context = PluginContext.withRegistry(host, registry);
        bridge = registry.handler(BridgePlugin.TYPE, context).orElseThrow();
    }

    private NetNs createNamespace(String name) {
        NetNs ns = NetNs.create(name);
        namespaces.add(name);
        return ns;
    }

    /** ADD through tether-bridge (which runs tether-ipam): the container's eth0 and its address. */
    private InetAddress attach(Container container) {
        long start = System.nanoTime();
        Outcome outcome = call("ADD", container);
        attached.add(container);
        Result.IpConfig ip = Result.fromBytes(outcome.stdout(), CniVersion.CURRENT).ips().get(0);
        say("  ADD %s: tether-bridge + tether-ipam gave it eth0 %s, gateway %s (%.0f ms)", container.name(), ip.address(),
                ip.gateway() == null ? "none" : ip.gateway().getHostAddress(), (System.nanoTime() - start) / 1e6);
        try (Netlink netlink = Netlink.open(container.ns())) {
            int eth0 = netlink.links().indexOf("eth0");
            String seen = netlink.addresses().list(eth0, Family.IPV4).stream()
                    .map(addr -> addr.prefix().toString()).collect(Collectors.joining(", "));
            say("    the kernel shows eth0 in %s with %s", container.namespace(), seen);
        }
        return ip.address().address();
    }

    private void showHost() {
        try (Netlink netlink = Netlink.open(host)) {
            Link bridgeLink = netlink.links().get(BRIDGE);
            String ports = netlink.links().list().stream()
                    .filter(link -> link.attrs().masterIndex() == bridgeLink.index())
                    .map(Link::name).sorted().collect(Collectors.joining(", "));
            String gateway = netlink.addresses().list(bridgeLink.index(), Family.IPV4).stream()
                    .map(addr -> addr.prefix().toString()).collect(Collectors.joining(", "));
            say("  host side: bridge %s (%s) with ports %s", BRIDGE, gateway, ports);
        }
    }

    private void ping(Container from, Container to, InetAddress address) throws IOException {
        boolean answered = from.ns().call(() -> address.isReachable(2000));
        if (!answered) {
            throw new IllegalStateException(from.name() + " cannot reach " + to.name() + " at " + address.getHostAddress());
        }
        say("  ICMP %s -> %s (%s): echo answered", from.name(), to.name(), address.getHostAddress());
    }

    private void detach(Container container) {
        call("DEL", container);
        attached.remove(container);
        say("  DEL %s: veth, address and lease released", container.name());
    }

    private Outcome call(String command, Container container) {
        Map<String, String> env = Map.of(
                "CNI_COMMAND", command,
                "CNI_CONTAINERID", "demo-" + container.name() + "-" + suffix,
                "CNI_NETNS", NetNs.RUN_DIR.resolve(container.namespace()).toString(),
                "CNI_IFNAME", "eth0",
                "CNI_PATH", "/opt/cni/bin",
                "TETHER_DATA_DIR", dataDir.toString());
        Outcome outcome = bridge.handle(new Invocation(env, config()));
        if (!outcome.succeeded()) {
            throw new IllegalStateException(command + " " + container.name() + " failed: " + outcome.stdoutText().strip());
        }
        return outcome;
    }

    private static byte[] config() {
        return ("{\"cniVersion\":\"1.1.0\",\"name\":\"" + NETWORK + "\",\"type\":\"" + BridgePlugin.TYPE + "\",\"bridge\":\""
                + BRIDGE + "\",\"isGateway\":true,\"ipMasq\":true,\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"" + SUBNET
                + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** Removes what the demo made: attachments (best effort), namespaces, the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Container container : List.copyOf(attached)) {
            try {
                detach(container);
            } catch (RuntimeException e) {
                say("  (cleanup) DEL %s failed: %s; deleting the namespaces removes what it made", container.name(),
                        e.getMessage());
            }
        }
        if (context != null) {
            context.close();
        }
        containers.forEach(container -> container.ns().close());
        if (host != null) {
            host.close();
        }
        for (String name : namespaces) {
            try {
                NetNs.delete(name);
            } catch (NotFoundException alreadyGone) {
                // nothing to do
            }
        }
        if (dataDir != null) {
            deleteTree(dataDir);
        }
        if (!namespaces.isEmpty() || dataDir != null) {
            say("  removed %s and %s", namespaces.isEmpty() ? "no namespace" : "namespaces " + String.join(", ", namespaces),
                    dataDir == null ? "no store" : dataDir);
        }
    }

    private void say(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(format, args));
        out.flush();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
