package dev.tether.cni.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.plugins.ipam.IpamMain;
import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.IpamStores;
import dev.tether.ipam.daemon.DaemonClient;
import dev.tether.ipam.daemon.Reply;
import dev.tether.ipam.daemon.WireCodec;
import dev.tether.ipam.store.Lease;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same calls through the tether-ipam executable's handler, once answered by a running daemon
 * and once in-process on the store (no daemon on the socket): the same exit codes, results,
 * errors and diagnostics, and the same leases in the end.
 */
class SameResultsBothWaysTest {
    private static final String IPAM = "\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.33.0.0/29\","
            + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}";

    @TempDir
    Path dir;

    /** One step of the scenario: a command, its attachment, CNI_ARGS and extra config fields. */
    private record Step(String command, String container, String args, String extra) {}

    private static String config(String extra) {
        return "{\"cniVersion\":\"1.1.0\",\"name\":\"same\",\"type\":\"bridge\"," + IPAM + extra + "}";
    }

    private static List<Step> scenario() {
        String keep = ",\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\",\"ifname\":\"eth0\"},"
                + "{\"containerID\":\"c5\"},{\"containerID\":\"c6\",\"ifname\":\"eth0\"}]";
        String prev = ",\"prevResult\":{\"cniVersion\":\"1.1.0\",\"ips\":[{\"address\":\"10.33.0.2/29\",\"gateway\":\"10.33.0.1\"}]}";
        return List.of(
                new Step("VERSION", null, null, ""),
                new Step("ADD", "c1", null, ""),
                new Step("ADD", "c2", "IP=10.33.0.5", ""),
                new Step("ADD", "c3", "IP=10.33.0.5", ""),
                new Step("ADD", "c3", "IP=bogus", ""),
                new Step("ADD", "c4", null, ",\"runtimeConfig\":{\"ips\":[\"10.33.0.6/29\"]}"),
                new Step("CHECK", "c1", null, prev),
                new Step("CHECK", "c9", null, ""),
                new Step("STATUS", null, null, ""),
                new Step("ADD", "c5", null, ""),
                new Step("ADD", "c6", null, ""),
                new Step("ADD", "c7", null, ""),
                new Step("STATUS", null, null, ""),
                new Step("GC", null, null, keep),
                new Step("DEL", "c1", null, ""),
                new Step("DEL", "c1", null, ""),
                new Step("CHECK", "c1", null, ""),
                new Step("ADD", "c8", null, ""));
    }

    private List<Outcome> run(PluginHandler handler, Path socket, Path dataDir, Path netns) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Step step : scenario()) {
            Map<String, String> env = new HashMap<>();
            env.put("CNI_COMMAND", step.command());
            env.put("CNI_PATH", "/usr/lib/cni");
            env.put("TETHER_SOCKET", socket.toString());
            env.put("TETHER_DATA_DIR", dataDir.toString());
            if (step.container() != null) {
                env.put("CNI_CONTAINERID", step.container());
                env.put("CNI_IFNAME", "eth0");
                env.put("CNI_NETNS", netns.toString());
            }
            if (step.args() != null) {
                env.put("CNI_ARGS", step.args());
            }
            outcomes.add(handler.handle(new Invocation(env, Fixtures.bytes(config(step.extra())))));
        }
        return outcomes;
    }

    @Test
    void daemonAndEmbeddedGiveTheSameAnswersAndLeases() throws Exception {
        Path netns = Fixtures.fakeNetns(dir);
        Path daemonData = dir.resolve("daemon-data");
        Path embeddedData = dir.resolve("embedded-data");
        Path socket = dir.resolve("run/tether.sock");
        List<Outcome> viaDaemon;
        try (TetherDaemon daemon = TetherDaemon.start(socket, daemonData)) {
            viaDaemon = run(IpamMain.handler(), daemon.socket(), daemonData, netns);
        }
        List<Outcome> embedded = run(IpamMain.handler(), socket, embeddedData, netns);

        List<Step> steps = scenario();
        for (int i = 0; i < steps.size(); i++) {
            String what = "step " + i + " " + steps.get(i);
            assertEquals(embedded.get(i).exitCode(), viaDaemon.get(i).exitCode(), what);
            assertEquals(embedded.get(i).stdoutText(), viaDaemon.get(i).stdoutText(), what);
            assertEquals(embedded.get(i).stderrText(), viaDaemon.get(i).stderrText(), what);
        }
        // The scenario covers success and failure of every command.
        assertEquals(List.of(0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0),
                embedded.stream().map(Outcome::exitCode).toList());
        assertTrue(embedded.get(11).stdoutText().contains("\"code\":100"), embedded.get(11).stdoutText());
        assertTrue(embedded.get(12).stdoutText().contains("\"code\":50"), embedded.get(12).stdoutText());
        assertTrue(embedded.get(13).stderrText().contains("GC released 10.33.0.5/29 of container c2"), embedded.get(13).stderrText());
        assertEquals(leases(embeddedData), leases(daemonData));
        assertEquals(List.of("c5/10.33.0.3", "c6/10.33.0.4", "c8/10.33.0.5"), leases(daemonData),
                "c8 gets the next free address after the last handed out (.4), as host-local");
    }

    @Test
    void aCallNamingNoDataDirectoryUsesTheDaemonsAndBadRequestsDoNotHurtIt() throws Exception {
        Path netns = Fixtures.fakeNetns(dir);
        Path daemonData = dir.resolve("daemon-data");
        Path socket = dir.resolve("tether.sock");
        try (TetherDaemon daemon = TetherDaemon.start(socket, daemonData)) {
            try (SocketChannel garbage = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                garbage.write(ByteBuffer.wrap(Fixtures.bytes("GET / HTTP/1.0\r\n\r\n")));
                garbage.shutdownOutput();
                Reply refused = WireCodec.decodeReply(Channels.newInputStream(garbage), WireCodec.Limits.DEFAULT);
                assertTrue(refused.stdoutText().contains("\"code\":6"), "malformed: an error reply: " + refused.stdoutText());
            }
            Reply unknown = new DaemonClient(socket).call("tether-nope", Map.of(), new byte[0]);
            assertTrue(unknown.stdoutText().contains("tether-ipam"), "names what it serves: " + unknown.stdoutText());
            Map<String, String> env = new HashMap<>(Fixtures.env("ADD", netns));
            env.put("TETHER_SOCKET", socket.toString());
            Outcome added = IpamMain.handler().handle(new Invocation(env, Fixtures.bytes(config(""))));
            assertEquals(0, added.exitCode(), added.toString());
        }
        assertEquals(List.of("ctr-1/10.33.0.2"), leases(daemonData));
        assertTrue(Files.notExists(socket), "the stopped daemon removed its socket");
    }

    private static List<String> leases(Path dataDir) throws Exception {
        return IpamStores.leases(dataDir).stream().map(SameResultsBothWaysTest::describe).sorted().toList();
    }

    private static String describe(Lease lease) {
        return lease.key().containerId() + "/" + lease.addresses().get(0).ip();
    }
}
