package dev.tether.cni.skel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.RecordingPlugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed configs and environments through the skeleton runner: each must give the right spec
 * code as the only thing on stdout (an error object), exit non-zero, never reach the plugin and
 * never print a stack trace.
 */
class MalformedInputTest {
    private static final String OK = "{\"cniVersion\":\"1.1.0\",\"name\":\"net1\",\"type\":\"tt-test\"}";
    private static final String NETNS = "@NETNS@";
    private static final String MISSING = "@MISSING@";

    @TempDir
    Path dir;
    private Path netns;

    @BeforeEach
    void setUp() throws Exception {
        netns = Fixtures.fakeNetns(dir);
    }

    /** One malformed call: env overrides on top of a valid ADD env, stdin, expected code and a word the message must name. */
    record Case(String name, Map<String, String> env, String stdin, int code, String mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // undecodable stdin (6)
        c.add(new Case("bad JSON", env(), "{\"cniVersion\":", 6, "network configuration"));
        c.add(new Case("empty stdin", env(), "", 6, "empty"));
        c.add(new Case("JSON array", env(), "[1,2]", 6, "array"));
        c.add(new Case("JSON string", env(), "\"net\"", 6, "string"));
        // versions (1) and required fields (7)
        c.add(new Case("missing cniVersion", env(), "{\"name\":\"n\",\"type\":\"t\"}", 7, "cniVersion"));
        c.add(new Case("numeric cniVersion", env(), "{\"cniVersion\":1,\"name\":\"n\",\"type\":\"t\"}", 7, "cniVersion"));
        c.add(new Case("unsupported version 2.0.0", env(), config("2.0.0", ""), 1, "2.0.0"));
        c.add(new Case("unknown version 0.5.0", env(), config("0.5.0", ""), 1, "0.5.0"));
        c.add(new Case("CHECK at 0.3.1", env("CNI_COMMAND", "CHECK"), config("0.3.1", ""), 1, "CHECK"));
        c.add(new Case("GC at 1.0.0", env("CNI_COMMAND", "GC"), config("1.0.0", ""), 1, "GC"));
        c.add(new Case("STATUS at 0.4.0", env("CNI_COMMAND", "STATUS"), config("0.4.0", ""), 1, "STATUS"));
        c.add(new Case("missing name", env(), "{\"cniVersion\":\"1.1.0\",\"type\":\"t\"}", 7, "name"));
        c.add(new Case("name with space", env(), "{\"cniVersion\":\"1.1.0\",\"name\":\"my net\",\"type\":\"t\"}", 7, "name"));
        c.add(new Case("name starting with dash", env(), "{\"cniVersion\":\"1.1.0\",\"name\":\"-n\",\"type\":\"t\"}", 7, "name"));
        c.add(new Case("missing type", env(), "{\"cniVersion\":\"1.1.0\",\"name\":\"n\"}", 7, "type"));
        c.add(new Case("type with slash", env(), "{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"type\":\"../bin/sh\"}", 7, "type"));
        // CNI_COMMAND (4)
        c.add(new Case("no CNI_COMMAND", env("CNI_COMMAND", MISSING), OK, 4, "CNI_COMMAND"));
        c.add(new Case("lower-case command", env("CNI_COMMAND", "add"), OK, 4, "CNI_COMMAND"));
        c.add(new Case("unknown command", env("CNI_COMMAND", "DELETE"), OK, 4, "CNI_COMMAND"));
        // required variables per command (4)
        c.add(new Case("ADD without CNI_CONTAINERID", env("CNI_CONTAINERID", MISSING), OK, 4, "CNI_CONTAINERID"));
        c.add(new Case("ADD without CNI_IFNAME", env("CNI_IFNAME", MISSING), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ADD without CNI_NETNS", env("CNI_NETNS", MISSING), OK, 4, "CNI_NETNS"));
        c.add(new Case("ADD with empty CNI_NETNS", env("CNI_NETNS", ""), OK, 4, "CNI_NETNS"));
        c.add(new Case("CHECK without CNI_NETNS", env("CNI_COMMAND", "CHECK", "CNI_NETNS", MISSING), OK, 4, "CNI_NETNS"));
        c.add(new Case("DEL without CNI_CONTAINERID", env("CNI_COMMAND", "DEL", "CNI_CONTAINERID", MISSING), OK, 4, "CNI_CONTAINERID"));
        c.add(new Case("DEL without CNI_IFNAME", env("CNI_COMMAND", "DEL", "CNI_IFNAME", MISSING), OK, 4, "CNI_IFNAME"));
        c.add(new Case("GC without CNI_PATH", env("CNI_COMMAND", "GC", "CNI_PATH", MISSING), OK, 4, "CNI_PATH"));
        // container IDs (4)
        c.add(new Case("container ID with space", env("CNI_CONTAINERID", "a b"), OK, 4, "CNI_CONTAINERID"));
        c.add(new Case("container ID starting with _", env("CNI_CONTAINERID", "_abc"), OK, 4, "CNI_CONTAINERID"));
        c.add(new Case("container ID with slash", env("CNI_CONTAINERID", "abc/../x"), OK, 4, "CNI_CONTAINERID"));
        // interface names (4)
        c.add(new Case("ifname of 16 bytes", env("CNI_IFNAME", "abcdefghijklmnop"), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ifname of 9 chars but 18 bytes", env("CNI_IFNAME", "ééééééééé"), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ifname with slash", env("CNI_IFNAME", "eth/0"), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ifname with colon", env("CNI_IFNAME", "eth0:1"), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ifname with space", env("CNI_IFNAME", "eth 0"), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ifname with tab", env("CNI_IFNAME", "eth\t0"), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ifname with no-break space", env("CNI_IFNAME", "eth\u00a00"), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ifname with next-line char", env("CNI_IFNAME", "eth\u00850"), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ifname dot", env("CNI_IFNAME", "."), OK, 4, "CNI_IFNAME"));
        c.add(new Case("ifname dot-dot", env("CNI_IFNAME", ".."), OK, 4, "CNI_IFNAME"));
        // netns paths
        c.add(new Case("relative netns", env("CNI_NETNS", "run/netns/x"), OK, 4, "CNI_NETNS"));
        c.add(new Case("DEL with relative netns", env("CNI_COMMAND", "DEL", "CNI_NETNS", "netns"), OK, 4, "CNI_NETNS"));
        c.add(new Case("netns that does not exist", env("CNI_NETNS", "/run/netns/tt-no-such-ns-4711"), OK, 3, "CNI_NETNS"));
        c.add(new Case("the plugin's own netns", env("CNI_NETNS", "/proc/self/ns/net"), OK, 4, "CNI_NETNS"));
        // CNI_ARGS (4)
        c.add(new Case("CNI_ARGS pair without =", env("CNI_ARGS", "FOO"), OK, 4, "CNI_ARGS"));
        c.add(new Case("CNI_ARGS empty key", env("CNI_ARGS", "=bar"), OK, 4, "CNI_ARGS"));
        c.add(new Case("CNI_ARGS second pair bad", env("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME"), OK, 4, "CNI_ARGS"));
        // ipam section (7)
        c.add(new Case("ipam not an object", env(), config("1.1.0", ",\"ipam\":\"host-local\""), 7, "ipam"));
        c.add(new Case("ipam without type", env(), config("1.1.0", ",\"ipam\":{\"subnet\":\"10.0.0.0/24\"}"), 7, "ipam.type"));
        c.add(new Case("ipam subnet /33", env(), ipam("\"subnet\":\"10.0.0.0/33\""), 7, "ipam.subnet"));
        c.add(new Case("ipam subnet without prefix", env(), ipam("\"subnet\":\"10.0.0.0\""), 7, "ipam.subnet"));
        c.add(new Case("ipam gateway host name", env(), ipam("\"subnet\":\"10.0.0.0/24\",\"gateway\":\"gw.example\""), 7, "ipam.gateway"));
        c.add(new Case("ipam route dst bad", env(), ipam("\"routes\":[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"1.2.3/8\"}]"), 7, "ipam.routes[1].dst"));
        c.add(new Case("ipam route gw octet 256", env(), ipam("\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.0.0.256\"}]"), 7, "ipam.routes[0].gw"));
        c.add(new Case("ipam ranges subnet /129", env(), ipam("\"ranges\":[[{\"subnet\":\"fd00::/129\"}]]"), 7, "ipam.ranges[0][0].subnet"));
        c.add(new Case("ipam ranges not nested", env(), ipam("\"ranges\":[{\"subnet\":\"10.0.0.0/24\"}]"), 7, "ipam.ranges[0]"));
        // other config fields (7)
        c.add(new Case("runtimeConfig not object", env(), config("1.1.0", ",\"runtimeConfig\":[1]"), 7, "runtimeConfig"));
        c.add(new Case("dns nameservers not list", env(), config("1.1.0", ",\"dns\":{\"nameservers\":\"10.0.0.1\"}"), 7, "dns.nameservers"));
        c.add(new Case("GC attachment without ifname", env("CNI_COMMAND", "GC"),
                config("1.1.0", ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\"}]"), 7, "ifname"));
        c.add(new Case("GC attachments not a list", env("CNI_COMMAND", "GC"),
                config("1.1.0", ",\"cni.dev/valid-attachments\":{}"), 7, "cni.dev/valid-attachments"));
        // prevResult (6, or 1 for an unknown version)
        c.add(new Case("prevResult not object", env(), config("1.1.0", ",\"prevResult\":[]"), 6, "prevResult"));
        c.add(new Case("prevResult address without prefix", env(),
                config("1.1.0", ",\"prevResult\":{\"ips\":[{\"address\":\"10.1.0.5\"}]}"), 6, "prevResult.ips[0].address"));
        c.add(new Case("prevResult route dst bad", env(),
                config("1.1.0", ",\"prevResult\":{\"routes\":[{\"dst\":\"default\"}]}"), 6, "prevResult.routes[0].dst"));
        c.add(new Case("prevResult negative interface index", env(),
                config("1.1.0", ",\"prevResult\":{\"ips\":[{\"address\":\"10.1.0.5/16\",\"interface\":-1}]}"), 6, "interface"));
        c.add(new Case("prevResult interfaces not a list", env(),
                config("1.1.0", ",\"prevResult\":{\"interfaces\":{}}"), 6, "prevResult.interfaces"));
        c.add(new Case("prevResult unknown version", env(),
                config("1.1.0", ",\"prevResult\":{\"cniVersion\":\"9.9.9\"}"), 1, "9.9.9"));
        c.add(new Case("prevResult 0.2.0 ip4 without ip", env(),
                config("0.2.0", ",\"prevResult\":{\"cniVersion\":\"0.2.0\",\"ip4\":{\"gateway\":\"10.0.0.1\"}}"), 6, "prevResult.ip4.ip"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedInputIsASpecErrorOnStdout(Case c) {
        RecordingPlugin plugin = RecordingPlugin.passingThrough("tt-test", Result.EMPTY);
        Map<String, String> env = new HashMap<>();
        c.env().forEach((k, v) -> {
            if (!v.equals(MISSING)) {
                env.put(k, v.equals(NETNS) ? netns.toString() : v);
            }
        });

        Outcome outcome = new PluginRunner(plugin).handle(new Invocation(env, Fixtures.bytes(c.stdin())));

        assertNotEquals(0, outcome.exitCode());
        ObjectNode error = Json.parseObject(outcome.stdout(), "stdout"); // the whole stdout is one object
        assertEquals(c.code(), error.path("code").asInt(), () -> "wrong code: " + outcome.stdoutText());
        assertTrue(Set.of("cniVersion", "code", "msg", "details").containsAll(iterable(error)), outcome::stdoutText);
        assertTrue(CniVersion.find(error.path("cniVersion").asText()).isPresent(), outcome::stdoutText);
        String text = error.path("msg").asText() + " " + error.path("details").asText();
        assertTrue(text.contains(c.mentions()), () -> "message should name " + c.mentions() + ": " + text);
        assertTrue(plugin.requests().isEmpty(), "the plugin must not be called");
        assertFalse(outcome.stderrText().contains("\tat "), () -> "no stack trace: " + outcome.stderrText());
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> env(String... overrides) {
        Map<String, String> env = new HashMap<>(Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "ctr-1",
                "CNI_NETNS", NETNS, "CNI_IFNAME", "eth0", "CNI_PATH", "/usr/lib/cni"));
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return env;
    }

    private static String config(String version, String extra) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"net1\",\"type\":\"tt-test\"" + extra + "}";
    }

    private static String ipam(String fields) {
        return config("1.1.0", ",\"ipam\":{\"type\":\"host-local\"," + fields + "}");
    }
}
