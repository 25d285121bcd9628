package dev.tether.cni.demo;

import dev.tether.natives.netns.NetNs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One line each way over TCP between two network namespaces: the server socket is made inside
 * one, the client socket inside the other (a socket belongs to the namespace of the thread that
 * creates it), so the bytes cross whatever connects the two, here a Tether bridge.
 */
final class TcpExchange {
    private static final int TIMEOUT_MS = 5000;

    /** What went each way, to which port, and how long the client's connect-send-receive took. */
    record Outcome(int port, String received, String answered, long micros) {}

    private TcpExchange() {}

    /** The client in {@code from} says {@code hello} to a server in {@code to} listening on {@code address}. */
    static Outcome run(NetNs from, NetNs to, InetAddress address, String hello, String answer) throws IOException {
        ServerSocket server = to.call(() -> {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(address, 0));
            socket.setSoTimeout(TIMEOUT_MS);
            return socket;
        });
        try (server) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> serveOne(server, answer));
            long start = System.nanoTime();
            String answered = from.call(() -> {
                try (Socket client = new Socket()) {
                    client.connect(new InetSocketAddress(address, server.getLocalPort()), TIMEOUT_MS);
                    client.setSoTimeout(TIMEOUT_MS);
                    writeLine(client.getOutputStream(), hello);
                    return readLine(client.getInputStream());
                }
            });
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            return new Outcome(server.getLocalPort(), received.join(), answered, micros);
        }
    }

    private static String serveOne(ServerSocket server, String answer) {
        try (Socket peer = server.accept()) {
            peer.setSoTimeout(TIMEOUT_MS);
            String line = readLine(peer.getInputStream());
            writeLine(peer.getOutputStream(), answer);
            return line;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}
