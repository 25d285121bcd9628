package dev.tether.cni.testing;

import dev.tether.natives.netns.NetNs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Traffic between test namespaces with plain Java sockets: a server inside a namespace answers
 * every TCP connection or UDP datagram with "PROTO PEER" (the source address it saw), and a
 * client in another namespace reads that answer, or gets none.
 */
public final class PortProbe implements AutoCloseable {
    private static final int TIMEOUT_MS = 2000;

    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final Thread thread;

    private PortProbe(ServerSocket tcp, DatagramSocket udp) {
        this.tcp = tcp;
        this.udp = udp;
        this.thread = new Thread(tcp != null ? this::serveTcp : this::serveUdp, "port-probe");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A TCP server on every address of the namespace (both families), port {@code port}. */
    public static PortProbe tcp(NetNs ns, int port) throws IOException {
        return new PortProbe(ns.call(() -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return s;
        }), null);
    }

    /** A TCP server on one address of the namespace. */
    public static PortProbe tcp(NetNs ns, String address, int port) throws IOException {
        return new PortProbe(ns.call(() -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
            return s;
        }), null);
    }

    /** A UDP server on every address of the namespace (both families), port {@code port}. */
    public static PortProbe udp(NetNs ns, int port) throws IOException {
        return new PortProbe(null, ns.call(() -> new DatagramSocket(new InetSocketAddress(port))));
    }

    /** The answer to a TCP connection from {@code from} to host:port, e.g. "tcp 192.0.2.2"; empty when none comes. */
    public static Optional<String> tcpFrom(NetNs from, String host, int port) throws IOException {
        return from.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
                s.setSoTimeout(TIMEOUT_MS);
                return Optional.ofNullable(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                        .readLine());
            } catch (SocketTimeoutException | SocketException none) {
                return Optional.<String>empty();
            }
        });
    }

    /** The answer to a UDP datagram from {@code from} to host:port; empty when none comes. */
    public static Optional<String> udpFrom(NetNs from, String host, int port) throws IOException {
        return from.call(() -> {
            try (DatagramSocket s = new DatagramSocket()) {
                s.setSoTimeout(TIMEOUT_MS);
                byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(host, port)));
                DatagramPacket answer = new DatagramPacket(new byte[256], 256);
                s.receive(answer);
                return Optional.of(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8));
            } catch (SocketTimeoutException | SocketException none) {
                return Optional.<String>empty();
            }
        });
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket c = tcp.accept(); OutputStream out = c.getOutputStream()) {
                out.write(("tcp " + peer(c.getInetAddress().getHostAddress()) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException closed) {
                // closed by close(), or a client that went away
            }
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[256];
        while (!udp.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                udp.receive(in);
                byte[] answer = ("udp " + peer(in.getAddress().getHostAddress())).getBytes(StandardCharsets.UTF_8);
                udp.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
            } catch (IOException closed) {
                // closed by close()
            }
        }
    }

    /** An IPv4 peer of a dual-stack socket shows as ::ffff:a.b.c.d: answer with the IPv4 form. */
    private static String peer(String address) {
        return address.startsWith("::ffff:") ? address.substring(7) : address;
    }

    @Override
    public void close() throws IOException {
        if (tcp != null) {
            tcp.close();
        }
        if (udp != null) {
            udp.close();
        }
        try {
            thread.join(TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
