package dev.tether.ipam.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tether.ipam.Fixtures;
import dev.tether.ipam.Ipam;
import dev.tether.ipam.child.ChildJvm;
import dev.tether.ipam.store.SharedStoreAccess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon on a real unix socket with real clients. */
class DaemonServerTest {
    private static final String CONFIG = "{\"cniVersion\":\"1.0.0\",\"name\":\"dnet\",\"ipam\":{\"subnet\":\"10.77.0.0/24\"}}";

    @TempDir
    Path tmp;
    private Path socket;
    private SharedStoreAccess stores;
    private final List<DaemonServer> servers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        socket = tmp.resolve("run/tether.sock");
        stores = new SharedStoreAccess(Fixtures.options());
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        servers.forEach(DaemonServer::close);
        stores.close();
    }

    private DaemonServer start(DaemonConfig config) throws IOException {
        Map<String, DaemonHandler> handlers = new HashMap<>();
        handlers.put(TestHandlers.ALLOC, TestHandlers.alloc(new Ipam(stores)));
        handlers.put("echo", (env, stdin) -> new Reply(3, stdin, env.getOrDefault("X", "").getBytes()));
        handlers.put("boom", (env, stdin) -> {
            throw new IllegalStateException("kaboom");
        });
        handlers.put("null", (env, stdin) -> null);
        handlers.put("slow", (env, stdin) -> {
            entered.countDown();
            release.await();
            return Reply.of(0, "slow done", "");
        });
        DaemonServer server = DaemonServer.start(config, handlers);
        servers.add(server);
        return server;
    }

    private DaemonServer start() throws IOException {
        return start(DaemonConfig.defaults(socket).withReadTimeout(Duration.ofMillis(500)));
    }

    private Map<String, String> env(String container) {
        return Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", container, "CNI_IFNAME", "eth0",
                "TETHER_DATA_DIR", tmp.resolve("data").toString());
    }

    /** Sends raw bytes, closes the sending side, decodes the reply. */
    private Reply raw(byte[] bytes) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.shutdownOutput();
            return WireCodec.decodeReply(java.nio.channels.Channels.newInputStream(ch), WireCodec.Limits.DEFAULT);
        }
    }

    private void assertStillServing() throws IOException {
        Reply r = new DaemonClient(socket).call("echo", Map.of("X", "still"), "alive".getBytes());
        assertEquals(3, r.exitCode());
        assertEquals("alive", r.stdoutText());
        assertEquals("still", r.stderrText());
    }

    private static int cniCode(Reply r) throws IOException {
        return dev.tether.ipam.Json.MAPPER.readTree(r.stdout()).get("code").asInt();
    }

    @Test
    void socketIsMode0600InADirectoryItCreated0700() throws Exception {
        start();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertStillServing();
    }

    @Test
    void sixtyFourConcurrentClientsGetSixtyFourDistinctAddresses() throws Exception {
        start(DaemonConfig.defaults(socket).withThreads(8));
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String container = "c" + i;
                replies.add(pool.submit(() -> {
                    go.await();
                    return new DaemonClient(socket).call(TestHandlers.ALLOC, env(container),
                            CONFIG.getBytes(StandardCharsets.UTF_8));
                }));
            }
            go.countDown();
            Set<String> addresses = new HashSet<>();
            for (Future<Reply> f : replies) {
                Reply r = f.get(60, TimeUnit.SECONDS);
                assertEquals(0, r.exitCode(), r.stderrText());
                addresses.add(r.stdoutText());
            }
            assertEquals(64, addresses.size(), addresses.toString());
        } finally {
            pool.shutdownNow();
        }
        servers.get(0).close();
        stores.close();
        assertEquals(64, Fixtures.assertConsistent(tmp.resolve("data")).size());
    }

    @Test
    void garbageTruncatedAndHugeRequestsGetErrorRepliesAndTheDaemonCarriesOn() throws Exception {
        start();
        Reply garbage = raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        assertEquals(1, garbage.exitCode());
        assertEquals(DaemonErrors.MALFORMED, cniCode(garbage));
        assertTrue(garbage.stderrText().contains("TTH1"), garbage.stderrText());
        assertStillServing();

        Reply truncated = raw(new byte[] {'T', 'T', 'H', '1', 0, 0, 0, 10, 'e', 'c'});
        assertEquals(DaemonErrors.MALFORMED, cniCode(truncated));
        assertTrue(truncated.stderrText().contains("truncated"), truncated.stderrText());

        Reply hugeName = raw(new byte[] {'T', 'T', 'H', '1', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertTrue(hugeName.stderrText().contains("exceeds"), hugeName.stderrText());
        Reply hugeStdin = raw(new byte[] {'T', 'T', 'H', '1', 0, 0, 0, 1, 'x', 0, 0, 0, 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertTrue(hugeStdin.stderrText().contains("exceeds"), hugeStdin.stderrText());

        Reply empty = raw(new byte[0]);
        assertEquals(DaemonErrors.MALFORMED, cniCode(empty));

        byte[] random = new byte[100_000];
        new java.util.Random(7).nextBytes(random);
        assertEquals(DaemonErrors.MALFORMED, cniCode(raw(random)));
        assertStillServing();
    }

    @Test
    void unknownHandlerAndFailingHandlersGetErrorReplies() throws Exception {
        start();
        DaemonClient client = new DaemonClient(socket);
        Reply unknown = client.call("tether-nope", Map.of(), new byte[0]);
        assertEquals(1, unknown.exitCode());
        assertEquals(DaemonErrors.UNKNOWN_HANDLER, cniCode(unknown));
        assertTrue(unknown.stderrText().contains("tether-nope"));
        Reply boom = client.call("boom", Map.of(), new byte[0]);
        assertEquals(DaemonErrors.HANDLER_FAILED, cniCode(boom));
        assertTrue(boom.stdoutText().contains("kaboom"));
        assertEquals(DaemonErrors.HANDLER_FAILED, cniCode(client.call("null", Map.of(), new byte[0])));
        assertStillServing();
    }

    @Test
    void aClientThatStallsIsCutOffAndDoesNotBlockOthers() throws Exception {
        start();
        try (SocketChannel stalled = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            stalled.write(ByteBuffer.wrap(new byte[] {'T', 'T', 'H'}));
            assertStillServing();
            long start = System.nanoTime();
            int n = stalled.read(ByteBuffer.allocate(16));
            assertEquals(-1, n, "the daemon closed the stalled connection");
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }
        assertStillServing();
    }

    @Test
    void whenEveryWorkerIsBusyAndTheQueueIsFullClientsAreToldToRetry() throws Exception {
        start(new DaemonConfig(socket, 1, 1, Duration.ofSeconds(5), Duration.ofSeconds(5), WireCodec.Limits.DEFAULT));
        CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> call("slow"));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<Reply> second = CompletableFuture.supplyAsync(() -> call("echo"));
        CompletableFuture<Reply> third = CompletableFuture.supplyAsync(() -> call("echo"));
        Reply refused = (Reply) CompletableFuture.anyOf(second, third).get(10, TimeUnit.SECONDS);
        assertEquals(DaemonErrors.BUSY, cniCode(refused), "one of two waiting clients finds the queue full");
        release.countDown();
        assertEquals("slow done", first.get(10, TimeUnit.SECONDS).stdoutText());
        Reply other = second.get(10, TimeUnit.SECONDS) == refused ? third.get(10, TimeUnit.SECONDS) : second.get();
        assertEquals(3, other.exitCode(), "the queued one is served");
    }

    private Reply call(String handler) {
        try {
            return new DaemonClient(socket).call(handler, Map.of(), new byte[0]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void gracefulStopFinishesRequestsInFlightAndRemovesTheSocket() throws Exception {
        DaemonServer server = start();
        CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> call("slow"));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (served(new DaemonClient(socket))) {
            assertTrue(System.nanoTime() < deadline, "the daemon kept serving after close()");
        }
        assertFalse(stopping.isDone(), "stop waits for the request in flight");
        release.countDown();
        assertEquals("slow done", inFlight.get(10, TimeUnit.SECONDS).stdoutText());
        stopping.get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(socket), "socket file removed");
        assertFalse(new DaemonClient(socket).isRunning());
    }

    /** Whether a new request got an answer; a connection dropped from the backlog counts as not served. */
    private static boolean served(DaemonClient client) {
        try {
            return client.callIfRunning("echo", Map.of(), new byte[0]).isPresent();
        } catch (IOException reset) {
            return false;
        }
    }

    @Test
    void refusesToStartWhenAnotherDaemonAnswers() throws Exception {
        start();
        assertThrows(DaemonAlreadyRunningException.class, this::start);
        assertStillServing();
        // A listener that is not ours (no lock file) is not displaced either.
        Path foreign = tmp.resolve("foreign.sock");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(foreign));
            assertThrows(DaemonAlreadyRunningException.class,
                    () -> DaemonServer.start(DaemonConfig.defaults(foreign), Map.of()));
        }
    }

    @Test
    void replacesAStaleSocketFileButNotOtherFiles() throws Exception {
        Files.createDirectories(socket.getParent());
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close(); // leaves the socket file behind, as a killed daemon does
        assertTrue(Files.exists(socket));
        start();
        assertStillServing();
        servers.remove(0).close();

        Files.writeString(socket, "not a socket");
        IOException e = assertThrows(IOException.class, this::start);
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertTrue(Files.exists(socket), "a regular file is never deleted");
    }

    @Test
    void nonRootPeersAreRefused() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv), "needs util-linux setpriv to run a client as nobody");
        start();
        // Let user nobody reach the socket, so the peer check itself is what refuses.
        for (Path p = socket.getParent(); p.startsWith(tmp.getParent()) && !p.equals(tmp.getParent()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        String classes = Path.of(DaemonClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String testClasses = Path.of(NonRootClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        ProcessBuilder pb = ChildJvm.builder(null, NonRootClient.class, socket.toString());
        List<String> cmd = new ArrayList<>(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        cmd.addAll(pb.command());
        cmd.set(cmd.indexOf("-cp") + 1, classes + ":" + testClasses); // nobody cannot read ~/.m2; the client needs only the JDK
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("exit=1"), out);
        assertTrue(out.contains("\"code\":" + DaemonErrors.NOT_PERMITTED), out);
        assertTrue(out.contains("serves root only"), out);
        assertStillServing();
    }

    @Test
    void clientSeesNoDaemonWithoutASocket() throws Exception {
        DaemonClient client = new DaemonClient(tmp.resolve("nothing/here.sock"));
        assertTrue(client.callIfRunning("echo", Map.of(), new byte[0]).isEmpty());
        assertThrows(java.net.ConnectException.class, () -> client.call("echo", Map.of(), new byte[0]));
        assertFalse(client.isRunning());
        assertEquals(Path.of("/run/tether/tether.sock"), DaemonSocket.resolve(null, Map.of()));
        assertEquals(Path.of("/e.sock"), DaemonSocket.resolve(null, Map.of("TETHER_SOCKET", "/e.sock")));
        assertEquals(Path.of("/c.sock"), DaemonSocket.resolve("/c.sock", Map.of("TETHER_SOCKET", "/e.sock")));
        new ByteArrayInputStream(new byte[0]).close();
    }
}
