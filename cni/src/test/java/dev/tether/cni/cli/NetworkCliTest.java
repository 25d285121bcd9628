package dev.tether.cni.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.IpamStores;
import dev.tether.cni.testing.NetworkLabTest;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Veth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 'tether network' end to end in a lab host namespace: conflists, JSON output, connect and
 * disconnect through the result cache, removal leaving nothing, and every refusal as one line.
 */
class NetworkCliTest extends NetworkLabTest {
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

    /** A veth in the lab's host with an address: the host then routes that subnet. */
    private void hostAddress(String link, String address) {
        try (Namespace host = BridgeLab.open(net.lab().host())) {
            BridgeLab.Container peer = net.lab().container("peer");
            host.links().add(new Veth(LinkAttrs.named(link).withUp(true), LinkAttrs.named("eth9"), peer.ns()));
            host.addresses().add(Addr.of(host.links().indexOf(link), IpPrefix.parse(address)));
        }
    }

    @Test
    void refusalsAreOneLineAndChangeNothing() throws Exception {
        String id = net.create("web", "--subnet", "10.99.0.0/24");
        Path conf = net.configDir();
        hostAddress("ttroute0", "10.50.0.1/24");
        net.network("create", "web").fails(1, "tether: error: network web exists (" + conf.resolve("web.conflist")
                + "); choose another name or run 'tether network rm web'");
        net.network("create", "web2", "--subnet", "10.99.0.128/25").fails(1, "--subnet 10.99.0.128/25 overlaps subnet"
                + " 10.99.0.0/24 of network web (" + conf.resolve("web.conflist") + "); choose another --subnet, or leave"
                + " it out to get a free one");
        net.network("create", "x", "--subnet", "10.50.0.0/16").fails(1, "overlaps the host's route to 10.50.0.0/24");
        net.network("create", "x", "--subnet", "10.60.0.5/24").fails(2, "has host bits set; did you mean 10.60.0.0/24?");
        net.network("create", "x", "--subnet", "10.60.0.0/31").fails(2, "is too small: give at least a /30");
        net.network("create", "x", "--subnet", "10.60.0.0/24", "--subnet", "10.60.0.0/16").fails(2, "overlaps --subnet");
        net.network("create", "x", "--subnet", "10.60.0.0/24", "--gateway", "10.61.0.1")
                .fails(2, "--gateway 10.61.0.1 is outside every subnet of the network");
        net.network("create", "x", "--subnet", "10.60.0.0/24", "--gateway", "10.60.0.0").fails(2, "is the network address");
        net.network("create", "x", "--gateway", "10.61.0.1").fails(2, "--gateway and --ip-range need the --subnet");
        net.network("create", "bad/name").fails(2, "invalid network name");
        net.network("create", "x", "--subnet", "nonsense").fails(2, "--subnet nonsense: ");
        net.network("create", "x", "-d", "macvlan").fails(2, "driver \"macvlan\" is not supported");
        net.network("create", "x", "--bridge", "tt-" + id.substring(0, 12)).fails(1, "is used by network web");
        net.network("create", "x", "--bridge", "ttroute0").fails(1, "the host has a veth link named ttroute0, not a bridge");
        net.network("create", "x", "--bridge", "lo").fails(1, "the host has a link named lo, not a bridge; choose another --bridge");
        net.network("create", "x", "--mtu", "20").fails(2, "--mtu 20 is outside 68-65535 (see 'tether network create --help')");
        net.network("create", "x", "-o", "com.docker.network.driver.mtu=x")
                .fails(2, "option com.docker.network.driver.mtu=x is not a number");
        net.network("create", "x", "-o", "mtu=20").fails(2, "option mtu=20 is outside 68-65535");
        net.network("create", "x", "-o", "com.docker.network.bridge.enable_icc=maybe").fails(2, "must be true or false");
        net.network("create", "x", "-o", "noval").fails(2, "--opt noval: expected KEY=VALUE");
        net.network("create", "x", "--label", "=x").fails(2, "--label =x: expected KEY=VALUE");
        for (String[] special : new String[][] {{"224.0.0.0/24", "multicast (224.0.0.0/4)"}, {"239.1.0.0/16", "multicast"},
            {"127.0.0.0/24", "loopback (127.0.0.0/8)"}, {"0.0.0.0/24", "\"this network\" (0.0.0.0/8)"},
            {"0.0.0.0/0", "\"this network\" (0.0.0.0/8), which no network can use"}, {"169.254.0.0/24", "link-local (169.254.0.0/16)"},
            {"ff00::/64", "multicast (ff00::/8)"}, {"fe80::/64", "link-local (fe80::/10)"}, {"::1/128", "loopback (::1)"},
            {"::/64", "the unspecified address (::)"}}) {
            net.network("create", "x", "--subnet", special[0]).fails(2, "--subnet " + special[0] + " overlaps " + special[1]);
        }
        net.network("create", "x", "--icc", "maybe").fails(2, "Invalid value for option '--icc'");

        BridgeLab.Container a = net.lab().container("a");
        String path = a.path().toString();
        net.network("inspect", "web", "nope").fails(1, "network nope not found in " + conf);
        net.network("connect", "nope", path, "--container", "c").fails(1, "network nope not found");
        net.network("connect", "web", dir.resolve("no-ns").toString(), "--container", "c").fails(1, "is not a network namespace");
        net.network("connect", "web", path, "--container", "-bad").fails(1, "invalid container ID");
        net.network("connect", "web", path).fails(2, "Missing required option: '--container=ID'");
        net.network("connect", "web", path, "--container", "c", "--ip", "10.98.0.7").fails(1, "cannot connect container c to"
                + " network web: plugin type=\"tether-bridge\" failed (add): ");
        assertEquals(List.of(), BridgeLab.links(a.ns()), "the failed ADD was undone");
        net.connect("web", a, "c");
        net.network("connect", "web", path, "--container", "c").fails(1, "container c is already connected to network web"
                + " (eth0); disconnect it first");
        net.network("disconnect", "web", "ghost").fails(1, "container ghost is not connected to network web");
        Path entry = net.cacheDir().resolve("results/web-c-eth0");
        Path aside = Files.move(entry, dir.resolve("entry"));
        net.network("disconnect", "web", "c").fails(1, "container c (eth0) has a lease on network web but no entry in the"
                + " result cache " + net.cacheDir().resolve("results") + ": disconnect it with the runtime that connected it");
        assertEquals(List.of("eth0"), BridgeLab.links(a.ns()), "nothing was undone");
        Files.move(aside, entry);
        net.network("rm", "nope").fails(1, "network nope not found");
        net.network("connect", "web", path, "--container", "c2", "--mac", "zz").fails(2, "--mac zz: ");
        net.network("connect", "web", path, "--container", "c2", "--alias", "bad alias")
                .fails(2, "--alias: \"bad alias\" holds ' ': a name has letters, digits, '-', '_' and '.' only");
        net.network("connect", "web", path, "--container", "c2", "--name", "web.").fails(2, "--name: \"web.\" has an empty label");
        net.network("connect", "web", path, "--container", "c2", "-p", "99999:80").fails(2, "is not a port (1-65535)");
        net.network("ls", "-q", "--json").fails(2, "--json and -q exclude each other");
        net.network("ls", "--filter", "colour=red").fails(2, "bad filter \"colour=red\": use KEY=VALUE with KEY one of");

        assertEquals(List.of("web"), texts(net.network("ls", "--json").json(), "name"));
        try (var files = Files.list(conf)) {
            assertEquals(List.of(".tether-network.lock", "web.conflist"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "no other file");
        }
        assertEquals(1, IpamStores.leases(net.dataDir()).size());
    }

    @Test
    void handWrittenConflistsAreListedInspectedAndConnectedButNeverRemoved() throws Exception {
        Files.createDirectories(net.configDir());
        Files.writeString(net.configDir().resolve("10-hand.conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"hand\","
                + "\"plugins\":[{\"type\":\"tether-bridge\",\"bridge\":\"tthand0\",\"isGateway\":true,\"ipam\":"
                + net.lab().hostLocal("10.88.0.0/24") + "}]}");
        Files.writeString(net.configDir().resolve("20-broken.conflist"), "{\"name\":");

        CliRun listed = net.network("ls", "--json");
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(listed.err().startsWith("tether: warning: " + net.configDir().resolve("20-broken.conflist")), listed.err());
        JsonNode hand = new ObjectMapper().readTree(listed.out()).get(0);
        assertEquals("hand", hand.get("name").asText());
        assertEquals("tether-bridge", hand.get("driver").asText());
        assertEquals("", hand.get("id").asText());
        assertFalse(hand.get("createdByTether").asBoolean());
        assertEquals("[\"10.88.0.0/24\"]", hand.get("subnets").toString());

        BridgeLab.Container a = net.connectNew("hand", "a");
        assertEquals(List.of("10.88.0.2"), net.lab().leases("hand"), "host-local, exec'd from the CNI path, gave the address");
        JsonNode inspected = net.inspect("hand");
        JsonNode container = inspected.get("containers").get(0);
        assertEquals("[\"10.88.0.2/24\"]", container.get("addresses").toString(), "from the cached result");
        try (Namespace ns = BridgeLab.open(a.ns())) {
            assertEquals(ns.links().get("eth0").attrs().mac().toString(), container.get("mac").asText());
        }
        assertEquals("tthand0", inspected.get("bridge").asText());

        net.network("create", "x", "--subnet", "10.88.0.0/16").fails(1, "overlaps subnet 10.88.0.0/24 of network hand");
        net.create("alpha", "--subnet", "10.89.0.0/24");
        assertEquals(List.of("alpha", "hand"), texts(new ObjectMapper().readTree(net.network("ls", "--json").ok()), "name"),
                "sorted by name, not by file (10-hand.conflist, alpha.conflist)");
        assertEquals("alpha\nhand\n", net.network("ls", "-q").ok());
        assertEquals("alpha\n", net.network("rm", "alpha").ok());
        net.network("rm", "hand").fails(1, "network hand (" + net.configDir().resolve("10-hand.conflist")
                + ") was not created by 'tether network create'; Tether does not remove what it did not write");
        assertEquals("", net.network("prune").ok());
        assertEquals("disconnected ctr-a (eth0) from hand\n", net.network("disconnect", "hand", "ctr-a").ok());
        assertEquals(List.of(), net.lab().leases("hand"), "DEL reached host-local");
        assertTrue(Files.exists(net.configDir().resolve("10-hand.conflist")));
    }

    @Test
    void theDefaultPoolSkipsOtherNetworksAndHostRoutesAndTheFlagsShapeTheConflist() throws Exception {
        Files.createDirectories(net.configDir());
        Files.writeString(net.configDir().resolve("other.conflist"), "{\"cniVersion\":\"0.4.0\",\"name\":\"other\","
                + "\"plugins\":[{\"type\":\"bridge\",\"ipam\":{\"type\":\"host-local\",\"subnet\":\"172.17.0.0/16\"}}]}");
        hostAddress("ttroute0", "172.18.5.1/24");
        net.create("a");
        net.create("b", "--ipv6", "--mtu", "1280");
        net.create("c", "--internal");
        net.create("d", "--icc=false", "--bridge", "ttd0", "-o", "com.docker.network.bridge.enable_ip_masquerade=false");
        JsonNode ls = net.network("ls", "--json").json();
        assertEquals(List.of("a", "b", "c", "d", "other"), texts(ls, "name"));
        assertEquals(List.of("[\"172.19.0.0/16\"]", "[\"172.20.0.0/16\",\"fd74:7468:7200::/64\"]", "[\"172.21.0.0/16\"]",
                "[\"172.22.0.0/16\"]", "[\"172.17.0.0/16\"]"), texts(ls, "subnets"));
        assertEquals("bridge", ls.get(4).get("driver").asText(), "a hand-written network's driver is its first plugin's type");

        JsonNode b = bridgeEntry("b");
        assertEquals(1280, b.get("mtu").asInt());
        assertTrue(b.get("ipMasq").asBoolean());
        assertEquals("[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"::/0\"}]", b.get("ipam").get("routes").toString());
        assertEquals("{\"ips\":true,\"mac\":true,\"aliases\":true}", b.get("capabilities").toString());
        assertTrue(b.get("tetherDns").asBoolean(), "the result sends containers to the daemon's DNS");
        assertEquals("[[{\"subnet\":\"172.20.0.0/16\",\"gateway\":\"172.20.0.1\"}],[{\"subnet\":\"fd74:7468:7200::/64\","
                + "\"gateway\":\"fd74:7468:7200::1\"}]]", b.get("ipam").get("ranges").toString());
        JsonNode c = bridgeEntry("c");
        assertTrue(c.get("internal").asBoolean());
        assertFalse(c.get("ipMasq").asBoolean());
        assertEquals("[]", c.get("ipam").get("routes").toString(), "no route out");
        JsonNode d = bridgeEntry("d");
        assertTrue(d.get("portIsolation").asBoolean());
        assertFalse(d.get("ipMasq").asBoolean());
        assertEquals("ttd0", d.get("bridge").asText());
        JsonNode file = new ObjectMapper().readTree(net.configDir().resolve("d.conflist").toFile());
        assertEquals("1.0.0", file.get("cniVersion").asText(), "what libcni before 1.2 (podman 4.3) runs");
        assertEquals("[\"0.4.0\",\"1.0.0\",\"1.1.0\"]", file.get("cniVersions").toString());
        assertEquals("{\"com.docker.network.bridge.enable_ip_masquerade\":\"false\"}", file.get("tether").get("options").toString());
        assertEquals(List.of("d"), texts(net.network("ls", "--json", "--filter", "name=d").json(), "name"));
        assertEquals(List.of("a", "b", "c", "d", "other"), texts(net.network("ls", "--json", "-f", "driver=bridge", "-f",
                "driver=macvlan", "-f", "dangling=true").json(), "name"), "one key's values widen, different keys narrow");
        assertEquals(List.of(), texts(net.network("ls", "--json", "-f", "name=a", "-f", "dangling=false").json(), "name"));
    }

    private JsonNode bridgeEntry(String network) throws Exception {
        return net.inspect(network).get("config").get("plugins").get(0);
    }
}
