package dev.tether.cni.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.daemon.TetherDaemon;
import dev.tether.cni.plugins.ipam.IpamPlugin;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginRunner;
import dev.tether.cni.testing.Fixtures;
import dev.tether.ipam.Ipam;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every 'tether ipam' command on a real store: JSON, tables, bad input; directly and through the daemon. */
class IpamCliTest {
    @TempDir
    Path dir;
    private Path data;
    private Path noDaemon;

    @BeforeEach
    void seed() throws Exception {
        data = dir.resolve("data");
        noDaemon = dir.resolve("no-daemon.sock");
        PluginRunner plugin = new PluginRunner(new IpamPlugin(new Ipam(new EmbeddedStoreAccess(StoreOptions.defaults()))));
        Path netns = Fixtures.fakeNetns(dir);
        add(plugin, netns, "web", "\"ranges\":[[{\"subnet\":\"10.41.0.0/24\"}],[{\"subnet\":\"fd00:41::/64\"}]]", "aaaa1111", "eth0",
                "K8S_POD_NAME=web-1");
        add(plugin, netns, "web", "\"ranges\":[[{\"subnet\":\"10.41.0.0/24\"}],[{\"subnet\":\"fd00:41::/64\"}]]", "bbbb2222", "eth0", null);
        add(plugin, netns, "db", "\"subnet\":\"10.42.0.0/28\"", "aaaa1111", "eth1", null);
    }

    private void add(PluginRunner plugin, Path netns, String network, String ranges, String container, String ifname,
                     String args) {
        Map<String, String> env = new java.util.HashMap<>(Fixtures.env("ADD", netns));
        env.put("CNI_CONTAINERID", container);
        env.put("CNI_IFNAME", ifname);
        if (args != null) {
            env.put("CNI_ARGS", args);
        }
        String config = "{\"cniVersion\":\"1.1.0\",\"name\":\"" + network + "\",\"type\":\"bridge\",\"ipam\":{\"type\":\"tether-ipam\","
                + "\"dataDir\":\"" + data + "\"," + ranges + "}}";
        Outcome outcome = plugin.handle(new Invocation(env, Fixtures.bytes(config)));
        assertEquals(0, outcome.exitCode(), outcome.toString());
    }

    /** Runs 'tether ipam ARGS... --data-dir DATA --socket (none)'. */
    private CliRun ipam(String... args) {
        List<String> all = new ArrayList<>(List.of("ipam"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data-dir", data.toString(), "--socket", noDaemon.toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).isArray() ? n.get(field).toString() : n.get(field).asText()));
        return out;
    }

    @Test
    void lsListsEveryLeaseOrOneNetworksAsJsonAndTable() throws Exception {
        JsonNode all = ipam("ls", "--json").json();
        assertEquals(List.of("db", "web", "web"), texts(all, "network"));
        assertEquals(List.of("[\"10.42.0.2/28\"]", "[\"10.41.0.2/24\",\"fd00:41::2/64\"]", "[\"10.41.0.3/24\",\"fd00:41::3/64\"]"),
                texts(all, "addresses"));
        assertEquals(List.of("aaaa1111", "aaaa1111", "bbbb2222"), texts(all, "container"));
        assertEquals(List.of("eth1", "eth0", "eth0"), texts(all, "ifname"));
        assertEquals("web-1", all.get(1).get("name").asText());
        assertTrue(all.get(0).get("ageSeconds").asLong() < 60);

        assertEquals(2, ipam("ls", "web", "--json").json().size());
        CliRun table = ipam("ls", "web");
        assertEquals(0, table.exitCode());
        List<String> lines = table.out().lines().toList();
        assertEquals(3, lines.size(), table.out());
        assertTrue(lines.get(0).matches("NETWORK +ADDRESS +CONTAINER +IFNAME +AGE +NAMES"), lines.get(0));
        assertTrue(lines.get(1).matches("web +10\\.41\\.0\\.2/24,fd00:41::2/64 +aaaa1111 +eth0 +\\d+s +web-1"), lines.get(1));
        assertTrue(lines.get(2).matches("web +10\\.41\\.0\\.3/24,fd00:41::3/64 +bbbb2222 +eth0 +\\d+s +-"), lines.get(2));
    }

    @Test
    void showFindsAContainerByItsIdOrStartOrName() throws Exception {
        JsonNode shown = ipam("show", "aaaa", "--json").json();
        assertEquals(List.of("db", "web"), texts(shown, "network"));
        assertTrue(ipam("show", "aaaa1111").out().contains("10.42.0.2/28"));
        JsonNode named = ipam("show", "web-1", "--json").json();
        assertEquals(List.of("web"), texts(named, "network"), "the lease that has the name");
        assertEquals(List.of("aaaa1111"), texts(named, "container"));
        ipam("show", "web-").fails(1, "no lease of a container whose ID starts with \"web-\" or whose name is \"web-\"");
        ipam("show", "zzzz").fails(1, "no lease of a container whose ID starts with \"zzzz\"");
    }

    @Test
    void usageCountsEveryRange() throws Exception {
        JsonNode usage = ipam("usage", "--json").json();
        assertEquals(List.of("db", "web"), texts(usage, "network"));
        JsonNode web = usage.get(1);
        assertEquals(2, web.get("leases").asInt());
        assertEquals(253, web.get("ranges").get(0).get("size").asInt());
        assertEquals(2, web.get("ranges").get(0).get("used").asInt());
        assertEquals(251, web.get("ranges").get(0).get("free").asInt());
        assertEquals(1, ipam("usage", "db", "--json").json().size());
        List<String> lines = ipam("usage", "db").out().lines().toList();
        assertTrue(lines.get(0).matches("NETWORK +RANGE +SUBNET +GATEWAY +SIZE +USED +FREE"), lines.get(0));
        assertTrue(lines.get(1).matches("db +10\\.42\\.0\\.1-10\\.42\\.0\\.14 +10\\.42\\.0\\.0/28 +10\\.42\\.0\\.1 +13 +1 +12"), lines.get(1));
    }

    @Test
    void reserveAndReleaseAnAddress() throws Exception {
        JsonNode reserved = ipam("reserve", "db", "10.42.0.9", "--json").json();
        assertEquals("[\"10.42.0.9/28\"]", reserved.get("addresses").toString());
        assertTrue(reserved.get("reserved").asBoolean());
        assertEquals("reserved 10.42.0.10/28 in network db\n", ipam("reserve", "db", "10.42.0.10").out());
        assertTrue(ipam("ls", "db").out().contains("(reserved)"));
        ipam("reserve", "db", "10.42.0.9").fails(1, "10.42.0.9 is already reserved in network db");
        ipam("reserve", "db", "10.42.0.2").fails(1, "in use by container aaaa1111");

        JsonNode released = ipam("release", "db", "@reserved", "10.42.0.9", "--json").json();
        assertEquals(List.of("[\"10.42.0.9/28\"]"), texts(released.get("released"), "addresses"));
        assertEquals("released 10.41.0.2/24, fd00:41::2/64 of container aaaa1111 interface eth0 in network web\n",
                ipam("release", "web", "aaaa1111").out());
        assertTrue(ipam("release", "web", "aaaa1111").out().startsWith("nothing to release"), "idempotent");
        assertEquals(List.of("db", "db", "web"), texts(ipam("ls", "--json").json(), "network"));
    }

    @Test
    void reserveRefusesANetworkNeitherTheStoreNorTheConfigDirKnows() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        ipam("reserve", "nonet", "10.9.0.9", "--config-dir", conf.toString()).fails(1, "no network nonet: the IPAM store does"
                + " not know it and " + conf + " has no conflist of it (networks: db, web); check the name, or give the"
                + " directory of its conflist with --config-dir");
        assertEquals(List.of("db", "web", "web"), texts(ipam("ls", "--json").json(), "network"), "no reservation was made");
        ipam("usage", "nonet").fails(1, "known: db, web)");

        Files.writeString(conf.resolve("fresh.conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"fresh\",\"plugins\":"
                + "[{\"type\":\"tether-bridge\",\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.9.0.0/24\"}}]}");
        ipam("reserve", "nonet", "10.9.0.9", "--config-dir", conf.toString()).fails(1, "(networks: db, fresh, web)");
        JsonNode reserved = ipam("reserve", "fresh", "10.9.0.9", "--config-dir", conf.toString(), "--json").json();
        assertEquals("fresh", reserved.get("network").asText(), "a network whose conflist exists, before its first ADD");
        assertEquals("10.42.0.9", ipam("reserve", "db", "10.42.0.9", "--config-dir", conf.toString(), "--json").json()
                .get("addresses").get(0).asText().split("/")[0], "a network the store knows needs no conflist");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun.of("ipam", "reserve", "web", "10.41.0.9", "--config-dir", conf.toString(), "--data-dir", empty.toString(),
                "--socket", noDaemon.toString()).fails(1, "the IPAM store does not know it and " + conf + " has no conflist"
                + " of it (networks: fresh)");
    }

    @Test
    void gcKeepsTheNamedAttachmentsAndReservations() throws Exception {
        ipam("reserve", "web", "10.41.0.99", "--json").json();
        JsonNode gc = ipam("gc", "web", "--keep", "bbbb2222:eth0", "--json").json();
        assertEquals(List.of("aaaa1111"), texts(gc.get("released"), "container"));
        assertEquals(0, gc.get("problems").size());
        assertEquals(List.of("10.41.0.3/24", "10.41.0.99/24"),
                ipam("ls", "web", "--json").json().findValues("addresses").stream().map(a -> a.get(0).asText()).toList());
        CliRun all = ipam("gc", "web", "--all");
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().contains("released 10.41.0.3/24, fd00:41::3/64 of container bbbb2222 interface eth0"), all.out());
        CliRun wholeContainer = ipam("gc", "db", "--keep", "aaaa1111");
        assertTrue(wholeContainer.out().startsWith("nothing to release"), wholeContainer.out());
        assertTrue(wholeContainer.err().startsWith("tether: warning: keep \"aaaa1111\" has no ifname"), wholeContainer.err());
    }

    @Test
    void throughTheDaemonTheAnswersAreTheSame() throws Exception {
        String direct = ageless(ipam("ls", "--json").json());
        String usage = ipam("usage", "--json").json().toString();
        Path socket = dir.resolve("run/tether.sock");
        try (TetherDaemon daemon = TetherDaemon.start(socket, data)) {
            // no --data-dir: the daemon's is used
            assertEquals(direct, ageless(CliRun.of("ipam", "ls", "--json", "--socket", socket.toString()).json()));
            assertEquals(usage, CliRun.of("ipam", "usage", "--json", "--socket", socket.toString()).json().toString());
            assertEquals(0, CliRun.of("ipam", "reserve", "db", "10.42.0.5", "--socket", socket.toString()).exitCode());
            CliRun.of("ipam", "ls", "nonet", "--socket", socket.toString()).fails(1, "network nonet is unknown to the store");
        }
        assertTrue(ipam("ls", "db").out().contains("10.42.0.5/28"), "the daemon wrote to the same store");
    }

    private static String ageless(JsonNode leases) {
        leases.forEach(l -> ((com.fasterxml.jackson.databind.node.ObjectNode) l).remove("ageSeconds"));
        return leases.toString();
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : List.of(new String[] {"daemon"}, new String[] {"ipam"}, new String[] {"ipam", "ls"},
                new String[] {"ipam", "show"}, new String[] {"ipam", "usage"}, new String[] {"ipam", "reserve"},
                new String[] {"ipam", "release"}, new String[] {"ipam", "gc"})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            CliRun help = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, help.exitCode(), args + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: tether " + String.join(" ", command)), help.out());
        }
    }

    @Test
    void badInputIsOneClearLineAndANonZeroExit() throws Exception {
        ipam("ls", "nonet").fails(1, "network nonet is unknown to the store (its ranges are recorded on its first ADD; known: db, web)");
        ipam("usage", "nonet").fails(1, "network nonet is unknown to the store");
        ipam("release", "nonet", "aaaa1111").fails(1, "network nonet is unknown");
        ipam("gc", "nonet", "--all").fails(1, "network nonet is unknown");
        ipam("reserve", "db", "10.42.0.300").fails(2, "IP 10.42.0.300: ");
        ipam("reserve", "db", "not-an-ip").fails(2, "IP not-an-ip: ");
        ipam("reserve", "db", "10.43.0.1").fails(1, "10.43.0.1 is outside every subnet of network db");
        ipam("reserve", "db").fails(2, "Missing required parameter: 'IP'");
        ipam("release", "db").fails(2, "Missing required parameter: 'CONTAINER'");
        ipam("show").fails(2, "Missing required parameter: 'CONTAINER'");
        ipam("gc", "db").fails(2, "pass --all");
        ipam("gc", "db", "--keep", ":eth0").fails(2, "has no container ID");
        ipam("gc", "web", "--all", "--keep", "aaaa1111").fails(2, "--all and --keep exclude each other");
        assertEquals(2, ipam("ls", "web", "--json").json().size(), "nothing released");
        ipam("frobnicate").fails(2, "unknown command 'frobnicate'");
        CliRun.of("ipam").fails(2, "missing command");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun.of("ipam", "ls", "--data-dir", empty.toString(), "--socket", noDaemon.toString())
                .fails(1, "no IPAM store in " + empty);
        Path garbage = Files.createDirectories(dir.resolve("garbage"));
        Files.writeString(garbage.resolve("ipam.db"), "not a store ".repeat(1000));
        CliRun.of("ipam", "ls", "--data-dir", garbage.toString(), "--socket", noDaemon.toString())
                .fails(1, "cannot open IPAM store " + garbage.resolve("ipam.db"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRun.of("ipam", "usage", "--data-dir", file.toString(), "--socket", noDaemon.toString())
                .fails(1, "no IPAM store in " + file);
        assertTrue(Files.notExists(empty.resolve("ipam.db")), "a query never creates a store");
    }
}
