package dev.tether.natives.netlink;

import java.nio.ByteBuffer;

/** Moves netlink datagrams to and from the kernel: a socket, or recorded replies in unit tests. */
public interface NetlinkTransport extends AutoCloseable {
    /** The port id the kernel assigned to this socket (replies carry it in nlmsg_pid). */
    int portId();

    void send(byte[] message);

    /** Blocks for the next datagram from the kernel; other senders' datagrams are dropped. */
    ByteBuffer receive();

    @Override
    void close();
}
