package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.DnsName;
import dev.tether.cni.dns.wire.Question;
import dev.tether.natives.netns.NetNs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** A DNS client inside a namespace (a container's view): one query over UDP or TCP to port 53. */
final class DnsProbe {
    private static final int TIMEOUT_MILLIS = 5000;

    private DnsProbe() {}

    static DnsMessage query(String name, int type) {
        return DnsMessage.query(ThreadLocalRandom.current().nextInt(0x10000), Question.in(DnsName.of(name), type), true);
    }

    static DnsMessage udp(NetNs from, InetAddress server, DnsMessage query) throws Exception {
        return DnsMessage.parse(udpRaw(from, server, query.encode(), TIMEOUT_MILLIS));
    }

    /**
     * The reply's bytes; null when none came within the timeout.
     *
     * @throws java.net.PortUnreachableException when nothing listens there
     */
    static byte[] udpRaw(NetNs from, InetAddress server, byte[] query, int timeoutMillis) throws Exception {
        return from.call(() -> {
            try (DatagramChannel channel = DatagramChannel.open()) {
                channel.connect(new InetSocketAddress(server, Forwarder.DNS_PORT));
                channel.write(ByteBuffer.wrap(query));
                channel.socket().setSoTimeout(timeoutMillis);
                byte[] buffer = new byte[DnsMessage.MAX_LENGTH];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    channel.socket().receive(packet);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                return Arrays.copyOf(buffer, packet.getLength());
            }
        });
    }

    static DnsMessage tcp(NetNs from, InetAddress server, DnsMessage query) throws Exception {
        return DnsMessage.parse(tcpRaw(from, server, query.encode()));
    }

    static byte[] tcpRaw(NetNs from, InetAddress server, byte[] query) throws Exception {
        return from.call(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(server, Forwarder.DNS_PORT), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                TcpFraming.write(new DataOutputStream(socket.getOutputStream()), query);
                return TcpFraming.read(new DataInputStream(socket.getInputStream()));
            }
        });
    }
}
