package dev.tether.ipam.daemon;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one request to the daemon and reads its reply. Used by the CLI and by an exec'd plugin
 * to hand its call to a running daemon; when none answers, the caller runs the same handler
 * in-process.
 */
public final class DaemonClient {
    private final Path socket;
    private final WireCodec.Limits limits;

    public DaemonClient(Path socket) {
        this(socket, WireCodec.Limits.DEFAULT);
    }

    public DaemonClient(Path socket, WireCodec.Limits limits) {
        this.socket = socket;
        this.limits = limits;
    }

    /**
     * Forwards the call if a daemon answers on the socket.
     *
     * @return the daemon's reply, or empty when no daemon took the request (no socket file, a
     *         stale one, or a daemon closing before it read the request)
     * @throws IOException the daemon took the request but its reply did not arrive whole
     */
    public Optional<Reply> callIfRunning(String handler, Map<String, String> env, byte[] stdin) throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
        try (channel) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (ConnectException | NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                if (isAbsent(e)) {
                    return Optional.empty();
                }
                throw e;
            }
            try {
                send(channel, new Request(handler, env, stdin));
            } catch (IOException notDelivered) {
                // The daemon closed before taking the whole request (it is stopping, and this
                // connection was still in its backlog): it cannot have run it.
                return Optional.empty();
            }
            return Optional.of(WireCodec.decodeReply(new BufferedInputStream(Channels.newInputStream(channel)), limits));
        }
    }

    /** Forwards the call; fails with {@link ConnectException} when no daemon answers. */
    public Reply call(String handler, Map<String, String> env, byte[] stdin) throws IOException {
        return callIfRunning(handler, env, stdin)
                .orElseThrow(() -> new ConnectException("no tether daemon answers on " + socket));
    }

    /** Whether a daemon accepts connections on the socket. */
    public boolean isRunning() {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return channel.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static void send(SocketChannel channel, Request request) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(WireCodec.encodeRequest(request));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        channel.shutdownOutput();
    }

    /** ENOENT surfaces as a plain SocketException on some JDKs. */
    private static boolean isAbsent(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No such file") || m.contains("Connection refused");
    }

    public Path socket() {
        return socket;
    }
}
