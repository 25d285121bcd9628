package dev.tether.cni.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.IpamStores;
import dev.tether.cni.testing.NetworkLab;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Veth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'tether network' end to end in a lab host namespace: conflists, JSON output, connect and
 * disconnect through the result cache, removal leaving nothing, and every refusal as one line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworkCliTest {
    @TempDir
    Path dir;
    private NetworkLab net;

    @BeforeEach
    void createLab() {
        net = new NetworkLab(dir);
    }

    @AfterEach
    void closeLab() {
        net.close();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).isArray() ? n.get(field).toString() : n.get(field).asText()));
        return out;
    }

    private List<String> hostLinks() {
        return BridgeLab.links(net.lab().host());
    }

    @Test
    void createLsInspectConnectDisconnectRmPruneRoundTrip() throws Exception {
        String id = net.create("web", "--subnet", "10.99.0.0/24", "--gateway", "10.99.0.254", "--ip-range", "10.99.0.128/25",
                "--label", "team=blue", "-o", "mtu=1400");
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        String other = net.create("back");
        Path file = net.configDir().resolve("web.conflist");
        NetworkConfigList parsed = NetworkConfigList.parse(Files.readAllBytes(file));
        assertEquals("1.1.0", parsed.cniVersion().label(), "the highest of cniVersions");

        JsonNode ls = net.network("ls", "--json").json();
        assertEquals(List.of("back", "web"), texts(ls, "name"));
        assertEquals(List.of("[\"172.17.0.0/16\"]", "[\"10.99.0.0/24\"]"), texts(ls, "subnets"), "back got the pool's first");
        assertEquals(List.of("0", "0"), texts(ls, "containers"));
        assertEquals(List.of("bridge", "bridge"), texts(ls, "driver"));
        assertEquals(List.of("tt-" + other.substring(0, 12), "tt-" + id.substring(0, 12)), texts(ls, "bridge"));

        BridgeLab.Container a = net.lab().container("a");
        CliRun connected = net.network("connect", "web", a.path().toString(), "--container", "ctr-a", "--name", "api",
                "--alias", "www", "--ip", "10.99.0.200");
        assertEquals("connected ctr-a to web as eth0 (10.99.0.200/24)\n", connected.ok());
        net.connect("back", a, "ctr-a");
        assertEquals(List.of("eth0", "eth1"), BridgeLab.links(a.ns()), "the second network is eth1");

        JsonNode web = net.inspect("web");
        assertEquals(id, web.get("id").asText());
        assertEquals("10.99.0.254", web.get("subnets").get(0).get("gateway").asText());
        assertEquals("10.99.0.128", web.get("subnets").get(0).get("rangeStart").asText());
        assertEquals("10.99.0.254", web.get("subnets").get(0).get("rangeEnd").asText(), "the broadcast address is left out");
        assertEquals(1400, web.get("mtu").asInt());
        assertEquals("blue", web.get("labels").get("team").asText());
        JsonNode container = web.get("containers").get(0);
        assertEquals("ctr-a", container.get("container").asText());
        assertEquals("api", container.get("name").asText());
        assertEquals("[\"www\"]", container.get("aliases").toString());
        assertEquals("[\"10.99.0.200/24\"]", container.get("addresses").toString());
        try (Namespace ns = BridgeLab.open(a.ns())) {
            assertEquals(ns.links().get("eth0").attrs().mac().toString(), container.get("mac").asText());
            assertEquals(1400, ns.links().get("eth0").attrs().mtu());
        }
        assertEquals(a.path().toString(), container.get("netns").asText());
        assertEquals("tether-bridge", web.get("config").get("plugins").get(0).get("type").asText());
        assertEquals(List.of("1", "1"), texts(net.network("ls", "--json").json(), "containers"));
        assertTrue(BridgeLab.ping(a.name(), "10.99.0.254"), "the gateway answers");

        net.network("rm", "web").fails(1, "network web has 1 container attached (ctr-a eth0); disconnect them or use --force");
        assertEquals("disconnected ctr-a (eth0) from web\n", net.network("disconnect", "web", "ctr-a").ok());
        assertEquals(List.of("eth1"), BridgeLab.links(a.ns()));
        assertEquals(0, net.inspect("web").get("containers").size());
        assertTrue(Files.notExists(net.cacheDir().resolve("results/web-ctr-a-eth0")), "the cache entry is gone");

        String webBridge = "tt-" + id.substring(0, 12);
        assertTrue(hostLinks().contains(webBridge));
        assertTrue(net.inetTable().contains("tether:net:web "));
        assertEquals("web\n", net.network("rm", "web").ok());
        assertFalse(hostLinks().contains(webBridge), "the bridge is gone");
        assertFalse(net.inetTable().contains("tether:net:web "), "no rule or element of web is left");
        assertTrue(Files.notExists(file));
        assertTrue(IpamStores.leases(net.dataDir()).stream().noneMatch(l -> l.key().network().equals("web")), "no lease");

        net.create("empty");
        assertEquals("empty\n", net.network("prune").ok(), "back still has a container");
        assertEquals(List.of("back"), texts(net.network("ls", "--json").json(), "name"));

        assertEquals("back\n", net.network("rm", "--force", "back").ok());
        assertEquals(List.of(), BridgeLab.links(a.ns()), "the container's interface went with its veth");
        assertEquals(List.of(), hostLinks(), "no bridge, no veth");
        assertFalse(net.inetTable().contains("tether:net:"), net.inetTable());
        assertEquals(List.of(), IpamStores.leases(net.dataDir()));
        assertEquals("[]", net.network("ls", "--json").json().toString());
        assertTrue(Files.notExists(net.cacheDir().resolve("results/back-ctr-a-eth1")));
    }
}
