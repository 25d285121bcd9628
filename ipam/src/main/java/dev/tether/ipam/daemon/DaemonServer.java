package dev.tether.ipam.daemon;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tether daemon's socket server: one {@link WireCodec} request per connection, answered by
 * the handler registered under its name, on a bounded pool of platform threads. Only root
 * peers are served. Bad requests and failing handlers get an error reply; nothing a client
 * sends can stop the server. {@link #close()} stops accepting, lets requests in flight finish
 * (bounded), and removes the socket file.
 */
public final class DaemonServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonServer.class);
    /** Most bytes read from a rejected client before closing, so it can still read our reply. */
    private static final int DRAIN_LIMIT = 1 << 20;

    private final DaemonConfig config;
    private final Map<String, DaemonHandler> handlers;
    private final SocketFile socketFile;
    private final ServerSocketChannel server;
    private final PeerCheck peers;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private DaemonServer(DaemonConfig config, Map<String, DaemonHandler> handlers, SocketFile socketFile,
                         ServerSocketChannel server) throws IOException {
        this.config = config;
        this.handlers = Map.copyOf(handlers);
        this.socketFile = socketFile;
        this.server = server;
        this.peers = new PeerCheck();
        this.workers = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queue()), named("tether-daemon-worker"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(named("tether-daemon-deadline"));
        this.acceptor = named("tether-daemon-accept").newThread(this::acceptLoop);
    }

    /**
     * Claims the socket path and starts serving.
     *
     * @throws DaemonAlreadyRunningException another daemon owns or answers on the socket
     */
    public static DaemonServer start(DaemonConfig config, Map<String, DaemonHandler> handlers) throws IOException {
        SocketFile socketFile = SocketFile.claim(config.socket());
        try {
            ServerSocketChannel server = socketFile.listen(Math.max(64, config.queue()));
            DaemonServer daemon = new DaemonServer(config, handlers, socketFile, server);
            daemon.acceptor.start();
            LOG.info("tether daemon listening on {} (handlers {})", config.socket(), handlers.keySet());
            return daemon;
        } catch (IOException | RuntimeException e) {
            socketFile.close();
            throw e;
        }
    }

    public Path socket() {
        return config.socket();
    }

    private void acceptLoop() {
        while (!stopping.get()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException closed) {
                break;
            } catch (IOException e) {
                // e.g. out of file descriptors: back off instead of spinning.
                LOG.warn("accept failed: {}", e.toString());
                pause();
                continue;
            }
            try {
                workers.execute(() -> serve(channel));
            } catch (RejectedExecutionException full) {
                refuse(channel, DaemonErrors.reply(DaemonErrors.BUSY, "daemon busy", "every worker is busy; try again"));
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            UserPrincipal user = PeerCheck.peer(channel);
            if (!peers.isRoot(user)) {
                LOG.warn("refused a request from non-root peer {}", user);
                refuse(channel, DaemonErrors.reply(DaemonErrors.NOT_PERMITTED, "permission denied",
                        "the tether daemon serves root only"));
                return;
            }
            Request request;
            boolean empty = false;
            ScheduledFuture<?> deadline = deadline(channel);
            try {
                BufferedInputStream in = new BufferedInputStream(Channels.newInputStream(channel));
                in.mark(1);
                empty = in.read() < 0;
                in.reset();
                request = WireCodec.decodeRequest(in, config.limits());
            } catch (MalformedFrameException e) {
                if (empty) {
                    // A liveness probe (DaemonClient.isRunning, a starting daemon's check) sends nothing.
                    LOG.debug("empty request: {}", e.getMessage());
                } else {
                    LOG.warn("malformed request: {}", e.getMessage());
                }
                refuse(channel, DaemonErrors.reply(DaemonErrors.MALFORMED, "malformed request", e.getMessage()));
                return;
            } finally {
                deadline.cancel(false);
            }
            write(channel, WireCodec.encodeReply(dispatch(request)));
        } catch (IOException e) {
            LOG.debug("connection ended: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("unexpected failure serving a connection", e);
        }
    }

    private Reply dispatch(Request request) {
        DaemonHandler handler = handlers.get(request.handler());
        if (handler == null) {
            return DaemonErrors.reply(DaemonErrors.UNKNOWN_HANDLER, "unknown handler",
                    "the daemon serves " + handlers.keySet() + ", not \"" + request.handler() + "\"");
        }
        try {
            Reply reply = handler.handle(request.env(), request.stdin());
            if (reply == null) {
                throw new IllegalStateException("handler returned no reply");
            }
            return reply;
        } catch (Exception | StackOverflowError | OutOfMemoryError | LinkageError e) {
            LOG.error("handler {} failed", request.handler(), e);
            return DaemonErrors.reply(DaemonErrors.HANDLER_FAILED, "internal error in " + request.handler(), e.toString());
        }
    }

    /** Sends an error reply to a client whose request is not served, then closes. */
    private void refuse(SocketChannel channel, Reply reply) {
        try (channel) {
            write(channel, WireCodec.encodeReply(reply));
            channel.shutdownOutput();
            drain(channel);
        } catch (IOException e) {
            LOG.debug("could not send refusal: {}", e.toString());
        }
    }

    /**
     * Reads what the client is still sending: closing a unix socket with unread data makes the
     * client's read fail (ECONNRESET) before it sees our reply. Bounded in bytes and time.
     */
    private void drain(SocketChannel channel) throws IOException {
        ScheduledFuture<?> deadline = deadline(channel);
        try {
            ByteBuffer sink = ByteBuffer.allocate(8192);
            int total = 0;
            while (total < DRAIN_LIMIT) {
                sink.clear();
                int n = channel.read(sink);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } finally {
            deadline.cancel(false);
        }
    }

    private ScheduledFuture<?> deadline(SocketChannel channel) {
        return deadlines.schedule(() -> {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }, config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Stops accepting, waits for requests in flight (bounded), removes the socket file. */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStop();
            return;
        }
        try {
            server.close();
            acceptor.join(config.stopGrace().toMillis());
            workers.shutdown();
            if (!workers.awaitTermination(config.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("requests still running after {}; interrupting them", config.stopGrace());
                workers.shutdownNow();
            }
        } catch (IOException e) {
            LOG.warn("closing the listening socket failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        } finally {
            deadlines.shutdownNow();
            try {
                socketFile.close();
            } catch (IOException e) {
                LOG.warn("removing {} failed: {}", config.socket(), e.toString());
            }
            stopped.countDown();
            LOG.info("tether daemon on {} stopped", config.socket());
        }
    }

    /** Blocks until {@link #close()} has finished (from any thread). */
    public void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
