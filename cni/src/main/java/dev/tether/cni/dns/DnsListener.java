package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.netns.NetNs;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS on one gateway address of one network: a UDP socket and a TCP listener, both created inside
 * the host namespace (a socket stays in the namespace it was made in) and served by two platform
 * threads of their own. Local answers are written from the receive thread; forwarded queries
 * and TCP connections run on the shared worker pool, so a slow upstream never holds up the
 * answers Tether gives itself.
 */
final class DnsListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsListener.class);
    /** An idle TCP client is dropped after this (RFC 7766 asks for seconds, not minutes). */
    static final int TCP_IDLE_MILLIS = 10_000;
    private static final int MAX_QUERIES_PER_CONNECTION = 1000;
    private static final int TCP_BACKLOG = 64;

    private final InetSocketAddress address;
    private final String network;
    private final Responder responder;
    private final Executor workers;
    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final Thread udpThread;
    private final Thread tcpThread;
    private volatile boolean closed;

    private DnsListener(InetSocketAddress address, String network, Responder responder, Executor workers,
                        DatagramChannel udp, ServerSocketChannel tcp) {
        this.address = address;
        this.network = network;
        this.responder = responder;
        this.workers = workers;
        this.udp = udp;
        this.tcp = tcp;
        String name = InetAddresses.format(address.getAddress());
        this.udpThread = daemonThread(this::serveUdp, "tether-dns-udp-" + name);
        this.tcpThread = daemonThread(this::acceptTcp, "tether-dns-tcp-" + name);
    }

    /**
     * Binds UDP and TCP on {@code address:port} in the host namespace and starts serving.
     *
     * @throws IOException when either cannot be bound (the address is gone, the port taken)
     */
    static DnsListener open(NetNs host, InetAddress address, int port, String network, Responder responder,
                            Executor workers) throws IOException {
        InetSocketAddress bindTo = new InetSocketAddress(address, port);
        DatagramChannel udp = host.call(() -> {
            DatagramChannel channel = DatagramChannel.open();
            try {
                return channel.bind(bindTo);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        });
        ServerSocketChannel tcp;
        try {
            tcp = host.call(() -> {
                ServerSocketChannel channel = ServerSocketChannel.open();
                try {
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // rebinding after a restart
                    return channel.bind(bindTo, TCP_BACKLOG);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            });
        } catch (IOException | RuntimeException e) {
            udp.close();
            throw e;
        }
        DnsListener listener = new DnsListener(bindTo, network, responder, workers, udp, tcp);
        listener.udpThread.start();
        listener.tcpThread.start();
        return listener;
    }

    InetAddress address() {
        return address.getAddress();
    }

    String network() {
        return network;
    }

    private void serveUdp() {
        ByteBuffer buffer = ByteBuffer.allocate(DnsMessage.MAX_LENGTH);
        while (!closed) {
            SocketAddress client;
            try {
                buffer.clear();
                client = udp.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("UDP receive on {} failed: {}", address, e.toString());
                pause();
                continue;
            }
            byte[] packet = Arrays.copyOf(buffer.array(), buffer.position());
            try {
                answerUdp(packet, client);
            } catch (RuntimeException e) {
                LOG.warn("query from {} to {} failed", client, address, e);
            }
        }
    }

    private void answerUdp(byte[] packet, SocketAddress client) {
        Responder.Outcome outcome = responder.receive(network, ((InetSocketAddress) client).getAddress(), packet);
        if (outcome instanceof Responder.Outcome.Reply reply) {
            sendUdp(Responder.fitUdp(reply.bytes(), reply.udpLimit()), client);
        } else if (outcome instanceof Responder.Outcome.Forward forward) {
            try {
                workers.execute(() -> sendUdp(Responder.fitUdp(responder.forward(forward, false), forward.udpLimit()), client));
            } catch (RejectedExecutionException busy) {
                LOG.debug("dropping a query from {}: every DNS worker is busy", client); // the client retries
            }
        } else {
            LOG.debug("dropping a packet from {}: {}", client, ((Responder.Outcome.Drop) outcome).why());
        }
    }

    private void sendUdp(byte[] reply, SocketAddress client) {
        try {
            udp.send(ByteBuffer.wrap(reply), client);
        } catch (IOException e) {
            LOG.debug("UDP reply to {} failed: {}", client, e.toString());
        }
    }

    private void acceptTcp() {
        while (!closed) {
            SocketChannel connection;
            try {
                connection = tcp.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // e.g. out of file descriptors: back off instead of spinning.
                LOG.warn("TCP accept on {} failed: {}", address, e.toString());
                pause();
                continue;
            }
            connections.add(connection);
            try {
                workers.execute(() -> serveTcp(connection));
            } catch (RejectedExecutionException busy) {
                closeQuietly(connection);
            }
        }
    }

    /** Queries on one connection, answered in order, until the client closes or idles. */
    private void serveTcp(SocketChannel connection) {
        try {
            Socket socket = connection.socket();
            socket.setSoTimeout(TCP_IDLE_MILLIS);
            InetAddress client = socket.getInetAddress();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            for (int i = 0; i < MAX_QUERIES_PER_CONNECTION && !closed; i++) {
                byte[] query = TcpFraming.read(in);
                if (query == null) {
                    return;
                }
                Responder.Outcome outcome = responder.receive(network, client, query);
                if (outcome instanceof Responder.Outcome.Reply reply) {
                    TcpFraming.write(out, reply.bytes());
                } else if (outcome instanceof Responder.Outcome.Forward forward) {
                    TcpFraming.write(out, responder.forward(forward, true));
                } else {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("TCP client of {} gone: {}", address, e.toString());
        } catch (RuntimeException e) {
            LOG.warn("TCP query to {} failed", address, e);
        } finally {
            connections.remove(connection);
            closeQuietly(connection);
        }
    }

    /** Stops serving: the sockets close (the port is free when this returns) and the threads end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(udp);
        closeQuietly(tcp);
        connections.forEach(DnsListener::closeQuietly);
        join(udpThread);
        join(tcpThread);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static Thread daemonThread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String toString() {
        return "DNS listener " + address + " of network " + network;
    }
}
