package dev.tether.cni.plugins.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed configs and environments: each gives the right CNI error code on stdout, exit code
 * 1, no stack trace, and leaves no interface (not even the bridge) and no lease behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BridgeBadInputTest {
    private Path dir;
    private BridgeLab lab;
    private BridgeLab.Container container;
    private Path notANamespace;

    @BeforeAll
    void setUp(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        lab = new BridgeLab(dir);
        container = lab.container("bad");
        notANamespace = Files.writeString(dir.resolve("plain-file"), "");
    }

    @AfterAll
    void tearDown() {
        lab.close();
    }

    /** A case: what it is, the expected code, a change to the ADD environment, and the config (null: the valid one). */
    record Case(String name, int code, Consumer<Map<String, String>> env, String config) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String IPAM = "\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"DATA\",\"subnet\":\"10.77.0.0/24\"}";

    /** A config with the given members before the (valid) ipam section. */
    private static String with(String members) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"ttbad\",\"type\":\"tether-bridge\",\"bridge\":\"ttbr0\","
                + (members.isEmpty() ? "" : members + ",") + IPAM + "}";
    }

    private static Case config(String name, int code, String config) {
        return new Case(name, code, env -> { }, config);
    }

    private static Case env(String name, int code, Consumer<Map<String, String>> change) {
        return new Case(name, code, change, null);
    }

    Stream<Case> cases() {
        return Stream.of(
                config("empty stdin", 6, ""),
                config("not JSON", 6, "{\"cniVersion\":"),
                config("a JSON array", 6, "[1,2]"),
                config("no cniVersion", 7, "{\"name\":\"ttbad\",\"type\":\"tether-bridge\"}"),
                config("unknown cniVersion", 1, "{\"cniVersion\":\"9.9.9\",\"name\":\"ttbad\",\"type\":\"tether-bridge\"}"),
                config("no name", 7, "{\"cniVersion\":\"1.0.0\",\"type\":\"tether-bridge\"}"),
                config("invalid name", 7, "{\"cniVersion\":\"1.0.0\",\"name\":\"-x\",\"type\":\"tether-bridge\"}"),
                config("bridge not a string", 7, with("\"bridge\":5").replace("\"bridge\":\"ttbr0\",", "")),
                config("bridge name too long", 7, with("").replace("ttbr0", "ttbr0123456789abc")),
                config("bridge name with a slash", 7, with("").replace("ttbr0", "tt/br0")),
                config("bridge name with a quote", 7, with("").replace("\"ttbr0\"", "\"tt\\\"br\"")),
                config("isGateway not a boolean", 7, with("\"isGateway\":\"yes\"")),
                config("negative mtu", 7, with("\"mtu\":-1")),
                config("mtu too small", 7, with("\"mtu\":50")),
                config("mtu too large", 7, with("\"mtu\":70000")),
                config("mtu as a string", 7, with("\"mtu\":\"1500\"")),
                config("hairpin and promiscuous", 7, with("\"hairpinMode\":true,\"promiscMode\":true")),
                config("disableContainerInterface with ipam", 7, with("\"disableContainerInterface\":true")),
                config("vlan", 2, with("\"vlan\":100")),
                config("vlan not a number", 7, with("\"vlan\":\"x\"")),
                config("vlanTrunk", 2, with("\"vlanTrunk\":[{\"id\":5}]")),
                config("preserveDefaultVlan", 2, with("\"preserveDefaultVlan\":true")),
                config("ipMasqBackend iptables", 2, with("\"ipMasq\":true,\"ipMasqBackend\":\"iptables\"")),
                config("ipMasqBackend unknown", 7, with("\"ipMasqBackend\":\"pf\"")),
                config("runtimeConfig.mac malformed", 7, with("\"runtimeConfig\":{\"mac\":\"zz:00\"}")),
                config("runtimeConfig.mac multicast", 7, with("\"runtimeConfig\":{\"mac\":\"01:00:5e:00:00:01\"}")),
                config("args.cni.mac malformed", 7, with("\"args\":{\"cni\":{\"mac\":\"02:00:00:00:00\"}}")),
                config("runtimeConfig.ips malformed", 7, with("\"runtimeConfig\":{\"ips\":[\"10.1.1\"]}")),
                config("runtimeConfig not an object", 7, with("\"runtimeConfig\":[]")),
                config("ipam not an object", 7, with("").replace(IPAM, "\"ipam\":\"host-local\"")),
                config("ipam without type", 7, with("").replace("\"type\":\"host-local\",", "")),
                config("ipam type is the bridge", 7, with("").replace("\"type\":\"host-local\"", "\"type\":\"tether-bridge\"")),
                config("ipam type with a path", 7, with("").replace("\"type\":\"host-local\"", "\"type\":\"../host-local\"")),
                config("ipam type not installed", 7, with("").replace("\"type\":\"host-local\"", "\"type\":\"tt-none\"")),
                config("ipam subnet malformed", 7, with("").replace("10.77.0.0/24", "10.77.0.0/33")),
                config("dns nameservers not a list", 7, with("\"dns\":{\"nameservers\":\"10.0.0.1\"}")),
                config("prevResult not an object", 6, with("\"prevResult\":true")),
                env("no CNI_COMMAND", 4, e -> e.remove("CNI_COMMAND")),
                env("unknown CNI_COMMAND", 4, e -> e.put("CNI_COMMAND", "ATTACH")),
                env("no CNI_CONTAINERID", 4, e -> e.remove("CNI_CONTAINERID")),
                env("invalid CNI_CONTAINERID", 4, e -> e.put("CNI_CONTAINERID", "-ctr")),
                env("no CNI_IFNAME", 4, e -> e.remove("CNI_IFNAME")),
                env("CNI_IFNAME too long", 4, e -> e.put("CNI_IFNAME", "eth0123456789abc")),
                env("CNI_IFNAME with a slash", 4, e -> e.put("CNI_IFNAME", "eth/0")),
                env("no CNI_NETNS", 4, e -> e.remove("CNI_NETNS")),
                env("relative CNI_NETNS", 4, e -> e.put("CNI_NETNS", "run/netns/x")),
                env("missing CNI_NETNS", 3, e -> e.put("CNI_NETNS", "/run/netns/tt-no-such-namespace")),
                env("CNI_NETNS is the plugin's own namespace", 4, e -> e.put("CNI_NETNS", "/proc/thread-self/ns/net")),
                env("malformed CNI_ARGS", 4, e -> e.put("CNI_ARGS", "FOO")),
                env("unknown CNI_ARGS key", 4, e -> e.put("CNI_ARGS", "FOO=bar")),
                env("malformed CNI_ARGS MAC", 4, e -> e.put("CNI_ARGS", "IgnoreUnknown=1;MAC=02-00")),
                env("empty CNI_PATH", 4, e -> e.remove("CNI_PATH")),
                new Case("CHECK with a 0.3.1 config", 1, e -> e.put("CNI_COMMAND", "CHECK"),
                        with("").replace("1.0.0", "0.3.1")));
    }

    /** Runs the case with the command (the case may change it), as the plugin gets it. */
    private Outcome run(Case bad, String command) {
        Map<String, String> env = lab.env(command, "ctr-bad", container, "eth0");
        bad.env().accept(env);
        String config = (bad.config() == null ? with("") : bad.config()).replace("DATA", lab.hostLocalDir().toString());
        return lab.bridge().handle(new Invocation(env, config.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGivesTheRightCodeAndLeavesNothing(Case bad) {
        Outcome outcome = run(bad, "ADD");
        assertEquals(1, outcome.exitCode(), outcome::toString);
        ObjectNode error = Fixtures.stdoutJson(outcome);
        assertEquals(bad.code(), error.path("code").asInt(), error.toString());
        assertFalse(error.path("msg").asText().isBlank());
        assertFalse(outcome.stderrText().contains("\tat "), "no stack trace: " + outcome.stderrText());
        assertEquals(List.of(), BridgeLab.links(container.ns()), "no interface in the container");
        assertEquals(List.of(), BridgeLab.links(lab.host()), "nothing on the host, not even the bridge");
        assertFalse(Files.exists(lab.hostLocalDir().resolve("ttbad")) && !lab.leases("ttbad").isEmpty(), "no lease");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSameInputIsRefusedByDelToo(Case bad) {
        if (bad.name().contains("CNI_NETNS") || bad.name().contains("CHECK") || bad.name().contains("CNI_PATH")) {
            return; // DEL needs no namespace, and a missing IPAM is DEL's own business
        }
        Outcome outcome = run(bad, "DEL");
        assertEquals(1, outcome.exitCode(), outcome::toString);
        assertTrue(Fixtures.stdoutJson(outcome).path("code").asInt() > 0);
    }

    @org.junit.jupiter.api.Test
    void aPlainFileAsCniNetnsIsNotANamespace() {
        Map<String, String> env = lab.env("ADD", "ctr-bad", container, "eth0");
        env.put("CNI_NETNS", notANamespace.toString());
        Outcome outcome = lab.bridge().handle(new Invocation(env, with("").replace("DATA", lab.hostLocalDir().toString())
                .getBytes(StandardCharsets.UTF_8)));
        ObjectNode error = Fixtures.stdoutJson(outcome);
        assertEquals(4, error.path("code").asInt(), error.toString());
        assertTrue(error.path("msg").asText().contains("is not a network namespace"), error.toString());
        assertEquals(List.of(), BridgeLab.links(lab.host()));
    }
}
