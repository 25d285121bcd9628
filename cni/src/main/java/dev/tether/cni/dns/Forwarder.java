package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.natives.netns.NetNs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays a query to the host's upstream resolvers, one after the other, each with a timeout, and
 * returns the first answer's bytes unchanged but for the ID. Its sockets are made in the host
 * namespace, so upstreams are reached as the host reaches them (a 127.0.0.53 in the host's
 * resolv.conf is the host's own stub resolver). A query over TCP is forwarded over TCP; a UDP
 * answer with TC set is relayed as it is, and the client retries over TCP. Every upstream query
 * gets a fresh random ID and socket (so a fresh source port), and only an answer to the very
 * question asked is accepted. An upstream that is one of Tether's own listener addresses is
 * skipped (no loops).
 */
final class Forwarder {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    static final int DNS_PORT = 53;

    private final NetNs host;
    private final Upstreams upstreams;
    private final Duration timeout;
    private final Supplier<Set<InetAddress>> ownAddresses;
    private final SecureRandom random = new SecureRandom();

    Forwarder(NetNs host, Upstreams upstreams, Duration timeout, Supplier<Set<InetAddress>> ownAddresses) {
        this.host = host;
        this.upstreams = upstreams;
        this.timeout = timeout;
        this.ownAddresses = ownAddresses;
    }

    /** The first upstream's answer with the query's ID; empty when none answered in time. */
    Optional<byte[]> forward(byte[] query, boolean tcp) {
        int clientId = DnsMessage.idOf(query);
        for (InetAddress upstream : upstreams.current()) {
            if (ownAddresses.get().contains(upstream)) {
                continue;
            }
            byte[] asked = DnsMessage.withId(query, random.nextInt(0x10000));
            InetSocketAddress to = new InetSocketAddress(upstream, DNS_PORT);
            try {
                Optional<byte[]> reply = tcp ? overTcp(asked, to) : overUdp(asked, to);
                if (reply.isPresent()) {
                    return Optional.of(DnsMessage.withId(reply.get(), clientId));
                }
                LOG.debug("upstream {} did not answer within {} ms", to, timeout.toMillis());
            } catch (IOException | RuntimeException e) {
                LOG.debug("upstream {} failed: {}", to, e.toString());
            }
        }
        return Optional.empty();
    }

    private Optional<byte[]> overUdp(byte[] query, InetSocketAddress upstream) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramChannel channel = host.call(DatagramChannel::open)) {
            channel.connect(upstream); // only the upstream's packets get through; an ICMP error ends the wait
            channel.write(ByteBuffer.wrap(query));
            DatagramSocket socket = channel.socket();
            byte[] buffer = new byte[DnsMessage.MAX_LENGTH];
            while (true) {
                int left = remainingMillis(deadline);
                if (left <= 0) {
                    return Optional.empty();
                }
                socket.setSoTimeout(left);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    return Optional.empty();
                }
                byte[] reply = Arrays.copyOf(buffer, packet.getLength());
                if (DnsMessage.answers(reply, query)) {
                    return Optional.of(reply);
                }
            }
        }
    }

    private Optional<byte[]> overTcp(byte[] query, InetSocketAddress upstream) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = host.call(SocketChannel::open)) {
            Socket socket = channel.socket();
            socket.connect(upstream, Math.max(1, remainingMillis(deadline)));
            int left = remainingMillis(deadline);
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout(left);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            TcpFraming.write(out, query);
            byte[] reply = TcpFraming.read(new DataInputStream(socket.getInputStream()));
            return reply != null && DnsMessage.answers(reply, query) ? Optional.of(reply) : Optional.empty();
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    private static int remainingMillis(long deadline) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
    }
}
