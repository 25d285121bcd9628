package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.natives.testing.TestNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * podman (Debian 12's 4.3, CNI backend, runc) runs containers on a network `tether network create`
 * wrote, with the tree's cni/ as its plugin directory, every call answered by a `tether daemon`
 * (the fallback launcher is /bin/false). Everything "host-side" — the bridge, the nftables table,
 * conmon's port reservation, the daemon's DNS — lives in a namespace the test makes; an "outside"
 * namespace, joined to it by a veth, fetches the published port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodmanIT {
    private static final String SUBNET_PREFIX = "10.233.0.";
    private static final String GATEWAY = SUBNET_PREFIX + "1";
    private static final String HOST_IP = "192.0.2.1";
    private static final String OUTSIDE_IP = "192.0.2.2";
    private static final int HOST_PORT = 18080;

    private final TestNamespaces namespaces = new TestNamespaces();
    private final String network = TestNamespaces.uniqueName("pod").replace("-", "");
    private Path dir;
    private String host;
    private String outside;
    private Daemon daemon;
    private Podman podman;
    private Set<String> netnsBefore;

    @BeforeAll
    void startPodmanOnATetherNetwork() throws Exception {
        dir = Files.createTempDirectory("tt-podman-it");
        namespaces.create("pod-h");
        namespaces.create("pod-o");
        host = namespaces.names().get(0);
        outside = namespaces.names().get(1);
        joinOutside();
        netnsBefore = podmanNamespaces();
        Path configDir = Files.createDirectories(dir.resolve("net.d"));
        Path upstreams = Files.writeString(dir.resolve("resolv.conf"), ""); // nothing is forwarded
        daemon = Daemon.start(host, dir.resolve("d"), "--config-dir", configDir.toString(),
                "--resolv-conf", upstreams.toString());
        Run.ok("nsenter", "--net=/run/netns/" + host, Tree.TETHER.toString(), "network", "create", network,
                "--subnet", SUBNET_PREFIX + "0/24", "--config-dir", configDir.toString(),
                "--socket", daemon.socket.toString(), "--data-dir", daemon.dataDir.toString());
        // podman passes its environment to the plugins; /bin/false: a call the daemon did not
        // answer fails instead of running in a JVM of its own (which would use /var/lib/tether).
        podman = Podman.start(dir.resolve("podman"), host, Tree.CNI, configDir, network,
                Map.of("TETHER_SOCKET", daemon.socket.toString(), "TETHER_PLUGIN_LAUNCHER", "/bin/false"));
    }

    /** The outside namespace: 192.0.2.2, a veth away from the host namespace's 192.0.2.1. */
    private void joinOutside() {
        String hostEnd = "tt-po" + network.substring(network.length() - 8);
        Run.ok("ip", "-n", host, "link", "add", hostEnd, "type", "veth", "peer", "name", "eth0", "netns", outside);
        Run.ok("ip", "-n", host, "addr", "add", HOST_IP + "/24", "dev", hostEnd);
        Run.ok("ip", "-n", host, "link", "set", hostEnd, "up");
        Run.ok("ip", "-n", outside, "addr", "add", OUTSIDE_IP + "/24", "dev", "eth0");
        Run.ok("ip", "-n", outside, "link", "set", "eth0", "up");
    }

    @AfterAll
    void removeEverything() throws Exception {
        try (TestNamespaces ns = namespaces; Daemon d = daemon; Podman p = podman) {
            // closed in reverse order: containers (their DEL), then the daemon, then the namespaces
        } finally {
            if (dir != null) {
                Run.ok("rm", "-rf", dir.toString());
            }
        }
        assertEquals(netnsBefore, podmanNamespaces(), "podman removed the container namespaces it made");
    }

    @Test
    @Order(1)
    void aContainerGetsItsAddressFromTheTetherNetwork() throws Exception {
        String id = podman.ok("run", "-d", "--name", "alpha", "--network", network, "--network-alias", "web-a",
                Podman.IMAGE, "sleep", "300").strip();
        String inspected = podman.ok("inspect", "alpha", "--format",
                "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}} "
                        + "{{(index .NetworkSettings.Networks \"" + network + "\").Gateway}}").strip();
        String address = inspected.split(" ")[0];
        assertTrue(address.startsWith(SUBNET_PREFIX), inspected);
        assertEquals(GATEWAY, inspected.split(" ")[1], "podman read the gateway from the result");
        assertTrue(podman.ok("exec", "alpha", "ip", "-4", "addr", "show", "eth0").contains("inet " + address + "/24"),
                "alpha's eth0 has the address podman reports");
        JsonNode lease = lease(id);
        assertEquals(address + "/24", lease.path("addresses").path(0).asText(), "the daemon's store holds alpha's lease: " + lease);
        assertEquals("alpha", lease.path("name").asText(), "the name came as K8S_POD_NAME: " + lease);
        assertEquals("web-a", lease.path("aliases").path(0).asText(), "the alias came in runtimeConfig aliases: " + lease);
    }

    @Test
    @Order(2)
    void containersResolveEachOtherByNameAndAliasThroughTheDaemon() {
        String alpha = podman.ok("inspect", "alpha", "--format",
                "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}").strip();
        String out = podman.ok("run", "--rm", "--network", network, Podman.IMAGE, "sh", "-c",
                "cat /etc/resolv.conf && nslookup alpha && nslookup web-a && ping -c 1 -W 2 alpha");
        List<String> nameservers = out.lines().filter(l -> l.startsWith("nameserver ")).toList();
        assertEquals("nameserver " + GATEWAY, nameservers.get(0), "resolv.conf names the gateway first: " + out);
        assertEquals(List.of(alpha, alpha), answers(out), "alpha and web-a resolve to alpha's address: " + out);
        assertTrue(out.contains("Server:\t\t" + GATEWAY), "the gateway (the daemon) answered: " + out);
        assertTrue(out.contains("1 packets received"), "ping by name reached alpha: " + out);

        podman.ok("rm", "--force", "--time", "0", "alpha");
        Run.Result gone = podman.run("run", "--rm", "--network", network, Podman.IMAGE, "nslookup", "web-a");
        assertFalse(gone.exit() == 0 && answers(gone.stdout()).contains(alpha),
                "the alias went with podman's DEL: " + gone);
    }

    /** The addresses of nslookup's answers (after each "Name:" line). */
    private static List<String> answers(String nslookup) {
        Matcher m = Pattern.compile("Name:\\s+\\S+\\nAddress:\\s+(\\S+)").matcher(nslookup);
        return m.results().map(r -> r.group(1)).toList();
    }

    @Test
    @Order(3)
    void aPublishedPortIsReachableFromOutsideAndFromAnotherContainer() throws Exception {
        podman.ok("run", "-d", "--name", "web", "--network", network, "-p", HOST_PORT + ":80", Podman.IMAGE,
                "httpd", "-f", "-p", "80", "-h", "/var/www");
        String request = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + HOST_IP + " " + HOST_PORT;
        // busybox's wget crashes on this machine's kernel; nc speaks HTTP well enough
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Run.Result fetched = Run.in(outside, Map.of(), "", "busybox", "sh", "-c", request);
        while (!fetched.stdout().contains(Podman.PAGE) && System.nanoTime() < deadline) {
            Thread.sleep(100); // httpd may not listen yet
            fetched = Run.in(outside, Map.of(), "", "busybox", "sh", "-c", request);
        }
        assertTrue(fetched.stdout().contains(Podman.PAGE), "outside -> " + HOST_IP + ":" + HOST_PORT + ": " + fetched);
        String fromContainer = podman.ok("run", "--rm", "--network", network, Podman.IMAGE, "sh", "-c", request);
        assertTrue(fromContainer.contains(Podman.PAGE), "container -> host port: " + fromContainer);
    }

    @Test
    @Order(4)
    void podmanRmRunsDelThroughTheDaemon() throws Exception {
        podman.ok("rm", "--all", "--force", "--time", "0");
        assertEquals("[]", Run.ok(Tree.TETHER.toString(), "ipam", "ls", "--socket", daemon.socket.toString(), "--json").strip(),
                "every lease is released");
        assertEquals(List.of(), podman.cachedResults(), "libcni removed its cached results after each DEL");
        String table = Run.ok("ip", "netns", "exec", host, "nft", "list", "table", "inet", "tether");
        assertFalse(table.contains("tcp . " + HOST_PORT), "the port mapping is gone: " + table);
        assertFalse(Run.ok("ip", "-n", host, "-o", "link", "show", "type", "veth").contains("master"),
                "no container's veth is left on the bridge");
        assertEquals(netnsBefore, podmanNamespaces(), "podman removed the container namespaces it made");
    }

    /** The leases of a container in the daemon's store. */
    private JsonNode lease(String containerId) {
        JsonNode leases = Calls.json(Run.ok(Tree.TETHER.toString(), "ipam", "ls", "--socket", daemon.socket.toString(), "--json"));
        for (JsonNode lease : leases) {
            if (lease.path("container").asText().equals(containerId)) {
                return lease;
            }
        }
        throw new AssertionError("no lease of " + containerId + " in " + leases);
    }

    /** podman's container namespaces, /run/netns/netns-UUID. */
    private static Set<String> podmanNamespaces() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/run/netns"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("netns-"))
                    .collect(Collectors.toSet());
        }
    }
}
