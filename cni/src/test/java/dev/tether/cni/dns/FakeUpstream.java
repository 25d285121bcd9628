package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsMessage;
import dev.tether.cni.dns.wire.DnsName;
import dev.tether.cni.dns.wire.MalformedMessageException;
import dev.tether.cni.dns.wire.Question;
import dev.tether.cni.dns.wire.Rcode;
import dev.tether.cni.dns.wire.ResourceRecord;
import dev.tether.natives.netns.NetNs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The host's upstream resolver in a test: a tiny DNS server on port 53 (UDP and TCP) in a
 * namespace of its own. It knows {@code outside.example} (one A record) and {@code big.example}
 * (60 A records, about 1 KB: it ignores UDP size limits, as a careless server would), answers
 * NXDOMAIN to anything else, records every question, and keeps the last reply it sent. A silent
 * one receives and never answers.
 */
final class FakeUpstream implements AutoCloseable {
    static final InetAddress OUTSIDE = address("203.0.113.7");

    private final boolean silent;
    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile byte[] lastReply;

    FakeUpstream(NetNs ns, InetAddress address, boolean silent) throws IOException {
        this.silent = silent;
        InetSocketAddress at = new InetSocketAddress(address, Forwarder.DNS_PORT);
        this.udp = ns.call(() -> DatagramChannel.open().bind(at));
        this.tcp = ns.call(() -> ServerSocketChannel.open().bind(at));
        start(this::serveUdp, "fake-upstream-udp");
        start(this::serveTcp, "fake-upstream-tcp");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names asked (lower case), in order. */
    List<String> asked() {
        return List.copyOf(asked);
    }

    byte[] lastReply() {
        return lastReply;
    }

    private void serveUdp() {
        ByteBuffer buffer = ByteBuffer.allocate(DnsMessage.MAX_LENGTH);
        while (udp.isOpen()) {
            try {
                buffer.clear();
                SocketAddress client = udp.receive(buffer);
                byte[] reply = answer(Arrays.copyOf(buffer.array(), buffer.position()));
                if (reply != null) {
                    udp.send(ByteBuffer.wrap(reply), client);
                }
            } catch (IOException | MalformedMessageException e) {
                // closed, or a broken query: a test fails on its own assertions
            }
        }
    }

    private void serveTcp() {
        while (tcp.isOpen()) {
            try (Socket socket = tcp.accept().socket()) {
                byte[] reply = answer(TcpFraming.read(new DataInputStream(socket.getInputStream())));
                if (reply != null) {
                    TcpFraming.write(new DataOutputStream(socket.getOutputStream()), reply);
                }
            } catch (IOException | MalformedMessageException e) {
                // as above
            }
        }
    }

    private byte[] answer(byte[] packet) throws MalformedMessageException {
        DnsMessage query = DnsMessage.parse(packet);
        Question q = query.questions().get(0);
        asked.add(q.name().key());
        if (silent) {
            return null;
        }
        List<ResourceRecord> answers = new ArrayList<>();
        int rcode = Rcode.NOERROR;
        if (q.name().equals(DnsName.of("outside.example"))) {
            answers.add(ResourceRecord.address(q.name(), OUTSIDE, 300));
        } else if (q.name().equals(DnsName.of("big.example"))) {
            for (int i = 1; i <= 60; i++) {
                answers.add(ResourceRecord.address(q.name(), address("203.0.113." + i), 300));
            }
        } else {
            rcode = Rcode.NXDOMAIN;
        }
        byte[] reply = new DnsMessage(query.id(), DnsMessage.QR | DnsMessage.RD | DnsMessage.RA | rcode, query.questions(),
                answers, List.of(), List.of()).encode();
        lastReply = reply;
        return reply;
    }

    private static void start(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
