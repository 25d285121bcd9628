package dev.tether.cni.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.testing.Fixtures;
import dev.tether.ipam.daemon.DaemonConfig;
import dev.tether.ipam.daemon.DaemonServer;
import dev.tether.ipam.daemon.Reply;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin main's choice: the daemon when one answers on the call's socket, else in-process. */
class DaemonForwardingTest {
    @TempDir
    Path dir;

    private final List<Map<String, String>> seenByDaemon = new CopyOnWriteArrayList<>();
    private final AtomicInteger localCalls = new AtomicInteger();

    private DaemonForwarding forwarding() {
        return new DaemonForwarding("tt-echo", () -> invocation -> {
            localCalls.incrementAndGet();
            return new Outcome(0, Fixtures.bytes("local"), null);
        });
    }

    private DaemonServer echoDaemon(Path socket) throws Exception {
        return DaemonServer.start(DaemonConfig.defaults(socket), Map.of("tt-echo", (env, stdin) -> {
            seenByDaemon.add(env);
            return new Reply(3, stdin, Fixtures.bytes("from the daemon"));
        }));
    }

    private static Map<String, String> env(Path socket) {
        return Map.of("CNI_COMMAND", "ADD", "CNI_ARGS", "IP=10.0.0.5", "TETHER_SOCKET", socket.toString(),
                "TETHER_DATA_DIR", "/tmp/x", "PATH", "/usr/bin", "HOME", "/root", "SECRET_TOKEN", "s3cret");
    }

    @Test
    void aRunningDaemonGetsTheCallWithTheForwardersEnvironmentAndItsReplyIsRelayed() throws Exception {
        Path socket = dir.resolve("run/d.sock");
        try (DaemonServer daemon = echoDaemon(socket)) {
            Outcome outcome = forwarding().handle(new Invocation(env(socket), Fixtures.bytes("{\"name\":\"n\"}")));
            assertEquals(3, outcome.exitCode());
            assertEquals("{\"name\":\"n\"}", outcome.stdoutText());
            assertEquals("from the daemon", outcome.stderrText());
        }
        assertEquals(0, localCalls.get());
        assertEquals(List.of("CNI_ARGS", "CNI_COMMAND", "TETHER_DATA_DIR", "TETHER_SOCKET"),
                seenByDaemon.get(0).keySet().stream().sorted().toList(), "only CNI_* and TETHER_*, as the C forwarder sends");
    }

    @Test
    void theConfigsDaemonSocketWinsOverTheEnvironment() throws Exception {
        Path socket = dir.resolve("configured.sock");
        try (DaemonServer daemon = echoDaemon(socket)) {
            String config = "{\"name\":\"n\",\"ipam\":{\"type\":\"t\",\"daemonSocket\":\"" + socket + "\"}}";
            Outcome outcome = forwarding().handle(new Invocation(env(dir.resolve("nothing-here.sock")), Fixtures.bytes(config)));
            assertEquals(3, outcome.exitCode());
        }
        assertEquals(1, seenByDaemon.size());
    }

    @Test
    void aSocketTheForwarderTriedIsNotAskedAgainButAnotherIs() throws Exception {
        Path socket = dir.resolve("d.sock");
        try (DaemonServer daemon = echoDaemon(socket)) {
            DaemonForwarding tried = new DaemonForwarding("tt-echo", () -> invocation -> {
                localCalls.incrementAndGet();
                return new Outcome(0, Fixtures.bytes("local"), null);
            }, java.util.Optional.of(socket));
            assertEquals("local", tried.handle(new Invocation(env(socket), Fixtures.bytes("{}"))).stdoutText(),
                    "the forwarder found no daemon on this socket a moment ago");
            // The forwarder's literal scan took a daemonSocket nested elsewhere; the plugin's own choice is asked.
            DaemonForwarding other = new DaemonForwarding("tt-echo", () -> invocation -> {
                localCalls.incrementAndGet();
                return new Outcome(0, Fixtures.bytes("local"), null);
            }, java.util.Optional.of(dir.resolve("nested.sock")));
            assertEquals(3, other.handle(new Invocation(env(socket), Fixtures.bytes("{}"))).exitCode());
        }
        assertEquals(1, localCalls.get());
        assertEquals(1, seenByDaemon.size());
    }

    @Test
    void withoutADaemonThePluginRunsInProcess() throws Exception {
        Path socket = dir.resolve("none.sock");
        Outcome outcome = forwarding().handle(new Invocation(env(socket), Fixtures.bytes("{}")));
        assertEquals("local", outcome.stdoutText());
        try (ServerSocketChannel killed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            killed.bind(UnixDomainSocketAddress.of(socket)); // a killed daemon leaves its socket file behind
        }
        assertTrue(java.nio.file.Files.exists(socket));
        assertEquals("local", forwarding().handle(new Invocation(env(socket), Fixtures.bytes("{}"))).stdoutText(),
                "a stale socket file is no daemon");
        assertEquals(2, localCalls.get());
    }

    @Test
    void aReplyThatBreaksOffIsTryAgainNotASecondRun() throws Exception {
        Path socket = dir.resolve("broken.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread half = new Thread(() -> {
                try (SocketChannel client = server.accept()) {
                    ByteBuffer in = ByteBuffer.allocate(1 << 16);
                    while (client.read(in) >= 0) {
                        in.clear();
                    }
                    client.write(ByteBuffer.wrap(new byte[] {'T', 'T', 'H', '1', 0, 0}));
                } catch (Exception ignored) {
                    // the test checks the client's side
                }
            });
            half.start();
            Outcome outcome = forwarding().handle(new Invocation(env(socket), Fixtures.bytes("{}")));
            half.join(10_000);
            assertEquals(1, outcome.exitCode());
            assertTrue(outcome.stdoutText().contains("\"code\":11"), outcome.stdoutText());
            assertTrue(outcome.stdoutText().contains("reply broke off"), outcome.stdoutText());
        }
        assertEquals(0, localCalls.get());
    }
}
