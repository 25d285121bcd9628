package dev.tether.cni.plugins.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginRunner;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.IpamStores;
import dev.tether.ipam.Ipam;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** tether-ipam in-process on a real store: results, static addresses, names, errors, CHECK, STATUS, GC. */
class IpamPluginTest {
    private static final String SUBNET = "\"subnet\":\"10.31.0.0/24\",\"routes\":[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"10.99.0.0/16\",\"gw\":\"10.31.0.254\"}]";

    @TempDir
    Path dir;
    private Path data;
    private Path netns;
    private final PluginRunner plugin = new PluginRunner(new IpamPlugin(new Ipam(new EmbeddedStoreAccess(StoreOptions.defaults()))));

    @BeforeEach
    void setUp() throws Exception {
        data = dir.resolve("data");
        netns = Fixtures.fakeNetns(dir);
    }

    private String config(String version, String ipamBody, String extra) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"ttnet\",\"type\":\"bridge\"" + extra
                + ",\"ipam\":{\"type\":\"tether-ipam\",\"dataDir\":\"" + data + "\"," + ipamBody + "}}";
    }

    private String config(String ipamBody) {
        return config("1.1.0", ipamBody, "");
    }

    private Outcome call(String command, String container, String cniArgs, String config) {
        Map<String, String> env = new HashMap<>(Fixtures.env(command, netns));
        env.put("CNI_CONTAINERID", container);
        if (cniArgs != null) {
            env.put("CNI_ARGS", cniArgs);
        }
        if (command.equals("GC") || command.equals("STATUS")) {
            env.keySet().removeAll(List.of("CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"));
        }
        return plugin.handle(new Invocation(env, Fixtures.bytes(config)));
    }

    private Outcome add(String container, String cniArgs, String config) {
        return call("ADD", container, cniArgs, config);
    }

    private static ObjectNode ok(Outcome outcome) {
        assertEquals(0, outcome.exitCode(), outcome.stdoutText() + outcome.stderrText());
        return Fixtures.stdoutJson(outcome);
    }

    private static void assertError(Outcome outcome, int code, String text) {
        assertEquals(1, outcome.exitCode(), outcome.toString());
        ObjectNode error = Fixtures.stdoutJson(outcome);
        assertEquals(code, error.path("code").asInt(), error.toString());
        assertTrue((error.path("msg").asText() + error.path("details").asText()).contains(text), error.toString());
        assertFalse(outcome.stderrText().contains("\tat "), "no stack trace: " + outcome.stderrText());
    }

    private List<String> leased() throws Exception {
        return IpamStores.addresses(data);
    }

    @Test
    void addReturnsTheAbbreviatedResultWithGatewayRoutesAndDnsInTheConfigsVersion() throws Exception {
        Path resolv = Files.writeString(dir.resolve("resolv.conf"),
                "# test\nnameserver 10.31.0.1\nnameserver fd00::53\nsearch a.test b.test\noptions ndots:2\ndomain a.test\n");
        ObjectNode result = ok(add("c1", null, config("1.0.0", SUBNET + ",\"resolvConf\":\"" + resolv + "\"", "")));

        assertEquals("1.0.0", result.path("cniVersion").asText());
        assertFalse(result.has("interfaces"), "an IPAM result has no interfaces");
        assertEquals("{\"address\":\"10.31.0.2/24\",\"gateway\":\"10.31.0.1\"}", result.path("ips").get(0).toString());
        assertEquals("[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"10.99.0.0/16\",\"gw\":\"10.31.0.254\"}]", result.path("routes").toString());
        assertEquals("{\"nameservers\":[\"10.31.0.1\",\"fd00::53\"],\"domain\":\"a.test\",\"search\":[\"a.test\",\"b.test\"],"
                + "\"options\":[\"ndots:2\"]}", result.path("dns").toString());

        ObjectNode old = ok(add("c2", null, config("0.2.0", SUBNET, "")));
        assertEquals("10.31.0.3/24", old.path("ip4").path("ip").asText(), "0.2.0 layout");
        ObjectNode v04 = ok(add("c3", null, config("0.4.0", SUBNET, "")));
        assertEquals("4", v04.path("ips").get(0).path("version").asText(), "0.4.0 layout");
        assertEquals(List.of("10.31.0.2", "10.31.0.3", "10.31.0.4"), leased());
    }

    @Test
    void dualStackGetsOneAddressPerRangeSetAndAddIsIdempotent() throws Exception {
        String dual = "\"ranges\":[[{\"subnet\":\"10.31.0.0/24\"}],[{\"subnet\":\"fd00:31::/64\"}]]";
        ObjectNode first = ok(add("c1", null, config(dual)));
        assertEquals("[{\"address\":\"10.31.0.2/24\",\"gateway\":\"10.31.0.1\"},{\"address\":\"fd00:31::2/64\",\"gateway\":\"fd00:31::1\"}]",
                first.path("ips").toString());
        assertEquals(first, ok(add("c1", null, config(dual))), "the same attachment gets the same lease");
        assertEquals(1, IpamStores.leases(data).size());
    }

    @Test
    void staticAddressesFromCniArgsRuntimeConfigAndArgs() throws Exception {
        String dual = "\"ranges\":[[{\"subnet\":\"10.31.0.0/24\"}],[{\"subnet\":\"fd00:31::/64\"}]]";
        ObjectNode fromArgs = ok(add("c1", "IgnoreUnknown=1;IP=10.31.0.50,fd00:31::50;K8S_POD_NAMESPACE=x", config(dual)));
        assertEquals("10.31.0.50/24", fromArgs.path("ips").get(0).path("address").asText());
        assertEquals("fd00:31::50/64", fromArgs.path("ips").get(1).path("address").asText());

        ObjectNode fromRuntime = ok(add("c2", null, config("1.1.0", SUBNET, ",\"runtimeConfig\":{\"ips\":[\"10.31.0.60/24\"]}")));
        assertEquals("10.31.0.60/24", fromRuntime.path("ips").get(0).path("address").asText());
        ObjectNode fromConfigArgs = ok(add("c3", null, config("1.1.0", SUBNET, ",\"args\":{\"cni\":{\"ips\":[\"10.31.0.70\"]}}")));
        assertEquals("10.31.0.70/24", fromConfigArgs.path("ips").get(0).path("address").asText());
        ObjectNode plain = ok(add("c4", null, config(SUBNET)));
        assertEquals("10.31.0.71/24", plain.path("ips").get(0).path("address").asText(), "host-local order: after the last handed out");
    }

    @Test
    void aTakenOrOutOfRangeAddressIsAClearErrorAndLeavesNoLease() throws Exception {
        ok(add("c1", "IP=10.31.0.9", config(SUBNET)));
        assertError(add("c2", "IP=10.31.0.9", config(SUBNET)), 101, "10.31.0.9 in network ttnet is already in use by container c1");
        assertError(add("c2", null, config("1.1.0", SUBNET, ",\"runtimeConfig\":{\"ips\":[\"10.32.0.9/24\"]}")), 101,
                "10.32.0.9 is outside every range of network ttnet");
        assertError(add("c2", "IP=10.31.0.1", config(SUBNET)), 101, "gateway");
        assertError(add("c2", "IP=10.31.0.255", config(SUBNET)), 101, "10.31.0.255");
        assertError(add("c2", "IP=10.31.0.10,10.31.0.11", config(SUBNET)), 101, "one address per range set");
        assertEquals(List.of("10.31.0.9"), leased());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "IP=bogus                      | 4 | CNI_ARGS has a bad IP=bogus",
        "IP=10.31.0.5/99               | 4 | CNI_ARGS has a bad IP=10.31.0.5/99",
        "IP=                           | 4 | CNI_ARGS has a bad IP=",
        "IP=10.31.0.5,,10.31.0.6       | 4 | CNI_ARGS has a bad IP=",
        "IP=010.31.0.5                 | 4 | CNI_ARGS has a bad IP=010.31.0.5",
        "IP=example.com                | 4 | CNI_ARGS has a bad IP=example.com",
    })
    void badIpArgumentsAreCode4AndLeaveNoLease(String args, int code, String text) throws Exception {
        assertError(add("c1", args, config(SUBNET)), code, text);
        assertEquals(List.of(), leased());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'\"runtimeConfig\":{\"ips\":[\"10.31.0.x/24\"]}'   | 7 | runtimeConfig.ips[0]",
        "'\"runtimeConfig\":{\"ips\":[42]}'                 | 7 | runtimeConfig.ips[0]: expected a string",
        "'\"runtimeConfig\":{\"ips\":\"10.31.0.5\"}'        | 7 | runtimeConfig.ips",
        "'\"args\":{\"cni\":{\"ips\":[\"nope\"]}}'          | 7 | args.cni.ips[0]",
        "'\"runtimeConfig\":{\"aliases\":{\"ttnet\":\"a\"}}' | 7 | runtimeConfig.aliases.ttnet",
        "'\"runtimeConfig\":{\"aliases\":[\"a\"]}'          | 7 | runtimeConfig.aliases",
    })
    void badRuntimeConfigIsCode7AndLeavesNoLease(String extra, int code, String text) throws Exception {
        assertError(add("c1", null, config("1.1.0", SUBNET, "," + extra)), code, text);
        assertEquals(List.of(), leased());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'\"subnet\":\"10.31.0.0/31\"'                                         | too small",
        "'\"subnet\":\"10.31.0.5/24\"'                                         | host bits",
        "'\"subnet\":\"10.31.0.0/24\",\"rangeStart\":\"10.32.0.5\"'             | not in network",
        "'\"subnet\":\"10.31.0.0/24\",\"rangeStart\":\"10.31.0.9\",\"rangeEnd\":\"10.31.0.5\"' | after rangeEnd",
        "'\"ranges\":[[{\"subnet\":\"10.31.0.0/24\"}],[{\"subnet\":\"10.31.0.0/25\"}]]' | overlaps",
        "'\"ranges\":[]'                                                         | no IP ranges",
        "'\"subnet\":\"nonsense\"'                                              | ipam.subnet",
        "'\"subnet\":\"10.31.0.0/24\",\"resolvConf\":\"/nonexistent/resolv.conf\"' | ipam.resolvConf",
    })
    void badRangesAreCode7AndLeaveNoLease(String ipamBody, String text) throws Exception {
        assertError(add("c1", null, config(ipamBody)), 7, text);
        assertEquals(List.of(), leased());
    }

    @Test
    void oldVersionsCannotCarryTwoAddressesOfAFamily() throws Exception {
        String twoV4 = "\"ranges\":[[{\"subnet\":\"10.31.0.0/24\"}],[{\"subnet\":\"10.32.0.0/24\"}]]";
        assertError(add("c1", null, config("0.2.0", twoV4, "")), 7, "one address per family");
        assertEquals(List.of(), leased());
        assertEquals(2, ok(add("c1", null, config("0.3.1", twoV4, ""))).path("ips").size());
    }

    @Test
    void theLeaseKeepsTheContainersNameAndItsAliasesOnThisNetwork() throws Exception {
        ok(add("c1", "IgnoreUnknown=1;K8S_POD_NAMESPACE=web;K8S_POD_NAME=web-1", config("1.1.0", SUBNET,
                ",\"runtimeConfig\":{\"aliases\":{\"ttnet\":[\"api\",\"api\",\" db \"],\"other\":[\"x\"]}}")));
        ok(add("c2", null, config(SUBNET)));
        List<Lease> leases = IpamStores.leases(data);
        assertEquals("web-1", leases.get(0).name());
        assertEquals(List.of("api", "db"), leases.get(0).aliases());
        assertNull(leases.get(1).name());
        assertEquals(List.of(), leases.get(1).aliases());
    }

    @Test
    void namesDnsCannotAnswerAreLeftOutWithAWarningNotAFailure() throws Exception {
        Outcome added = add("c1", "IgnoreUnknown=1;K8S_POD_NAME=bad name", config("1.1.0", SUBNET,
                ",\"runtimeConfig\":{\"aliases\":{\"ttnet\":[\"api\",\"bad alias\",\"a..b\",\"" + "x".repeat(64) + "\"]}}"));
        ok(added);
        Lease lease = IpamStores.leases(data).get(0);
        assertNull(lease.name());
        assertEquals(List.of("api"), lease.aliases());
        String stderr = added.stderrText();
        assertTrue(stderr.contains("tether-ipam: warning: K8S_POD_NAME left out of name resolution: \"bad name\" holds ' '"), stderr);
        assertTrue(stderr.contains("alias left out of name resolution: \"bad alias\""), stderr);
        assertTrue(stderr.contains("\"a..b\" has an empty label"), stderr);
        assertTrue(stderr.contains("has a label longer than 63 characters"), stderr);
    }

    @Test
    void exhaustionNamesTheNetworkAndRangeAndStatusTurnsTo50() throws Exception {
        String tiny = "\"subnet\":\"10.31.0.0/29\"";
        assertEquals(0, call("STATUS", "x", null, config(tiny)).exitCode(), "ready before any lease");
        for (int i = 0; i < 5; i++) {
            ok(add("c" + i, null, config(tiny)));
        }
        assertError(add("c9", null, config(tiny)), 100, "no IP addresses available in network \"ttnet\" range set 10.31.0.1-10.31.0.6");
        assertError(call("STATUS", "x", null, config(tiny)), 50, "range set 10.31.0.1-10.31.0.6");
        assertEquals(0, call("DEL", "c0", null, config(tiny)).exitCode());
        assertEquals(0, call("STATUS", "x", null, config(tiny)).exitCode(), "one address free again");
        assertEquals(5, leased().size() + 1);
    }

    @Test
    void statusOfAnUnusableStoreIs50() throws Exception {
        Files.createDirectories(data);
        Files.writeString(data.resolve("ipam.db"), "this is not a MapDB file, and it is long enough to look like one".repeat(40));
        assertError(call("STATUS", "x", null, config(SUBNET)), 50, "ipam.db");
    }

    @Test
    void checkNeedsTheLeaseAndAgreesWithPrevResult() {
        ObjectNode result = ok(add("c1", null, config(SUBNET)));
        String prev = ",\"prevResult\":" + result;
        assertEquals(0, call("CHECK", "c1", null, config("1.1.0", SUBNET, prev)).exitCode());
        assertEquals(0, call("CHECK", "c1", null, config(SUBNET)).exitCode(), "without prevResult: the lease exists");
        assertError(call("CHECK", "c2", null, config(SUBNET)), 102, "no lease for container c2 interface eth0 in network ttnet");
        String wrong = prev.replace("10.31.0.2/24", "10.31.0.7/24");
        assertError(call("CHECK", "c1", null, config("1.1.0", SUBNET, wrong)), 102, "holds 10.31.0.2/24, which prevResult does not list");
    }

    @Test
    void delReleasesAndSucceedsWhenThereIsNothingToRelease() throws Exception {
        ok(add("c1", null, config(SUBNET)));
        Map<String, String> noNetns = new HashMap<>(Fixtures.env("DEL", netns));
        noNetns.put("CNI_CONTAINERID", "c1");
        noNetns.put("CNI_NETNS", "/run/netns/tt-gone-for-good");
        assertEquals(0, plugin.handle(new Invocation(noNetns, Fixtures.bytes(config(SUBNET)))).exitCode(),
                "DEL works when the namespace is gone");
        assertEquals(List.of(), leased());
        assertEquals(0, call("DEL", "c1", null, config(SUBNET)).exitCode(), "again");
        assertEquals(0, call("DEL", "never", null, config(SUBNET)).exitCode(), "never added");
        assertEquals("10.31.0.3/24", ok(add("c2", null, config(SUBNET))).path("ips").get(0).path("address").asText(),
                "a released address is not handed out again at once (host-local order)");
    }

    @Test
    void gcReleasesWhatIsNotValidFromEitherKey() throws Exception {
        for (String c : List.of("c1", "c2", "c3")) {
            ok(add(c, null, config(SUBNET)));
        }
        String keep = ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\",\"ifname\":\"eth0\"},"
                + "{\"containerID\":\"c3\",\"ifname\":\"eth1\"}]";
        Outcome gc = call("GC", "", null, config("1.1.0", SUBNET, keep));
        assertEquals(0, gc.exitCode(), gc.toString());
        assertEquals("", gc.stdoutText(), "GC prints nothing on success");
        assertTrue(gc.stderrText().contains("GC released 10.31.0.3/24 of container c2 interface eth0"), gc.stderrText());
        assertEquals(List.of("10.31.0.2"), leased());
        assertEquals(0, call("GC", "", null, config("1.1.0", SUBNET,
                ",\"cni.dev/attachments\":[{\"containerID\":\"c1\",\"ifname\":\"eth0\"}]")).exitCode());
        assertEquals(List.of("10.31.0.2"), leased(), "the legacy key is read too");
        assertEquals(0, call("GC", "", null, config("1.1.0", SUBNET, ",\"cni.dev/valid-attachments\":[]")).exitCode());
        assertEquals(List.of(), leased(), "an empty list releases every lease");
    }

    @Test
    void gcCarriesOnPastBadEntriesAndReportsThem() throws Exception {
        for (String c : List.of("c1", "c2", "c3")) {
            ok(add(c, null, config(SUBNET)));
        }
        String list = ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\"},{\"ifname\":\"eth0\"},\"c2:eth0\","
                + "{\"containerID\":\"c3\",\"ifname\":\"eth0\"}]";
        Outcome gc = call("GC", "", null, config("1.1.0", SUBNET, list));
        assertError(gc, 7, "met 3 bad attachment entries");
        assertTrue(Fixtures.stdoutJson(gc).path("details").asText().contains("[1] has no containerID"), gc.stdoutText());
        assertEquals(List.of("10.31.0.2", "10.31.0.4"), leased(),
                "c1 (no ifname) keeps every interface, c3 is kept, c2 is released past the bad entries");

        assertError(call("GC", "", null, config("1.1.0", SUBNET, ",\"cni.dev/valid-attachments\":{}")), 7, "nothing was released");
        assertEquals(List.of("10.31.0.2", "10.31.0.4"), leased());
    }

    @Test
    void gcAndStatusNeedVersion110() {
        assertError(call("GC", "", null, config("1.0.0", SUBNET, "")), 1, "GC");
        assertError(call("STATUS", "", null, config("1.0.0", SUBNET, "")), 1, "STATUS");
    }
}
