package dev.tether.natives.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.LibC;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.Syscall;

/**
 * A netlink socket bound to the network namespace of the thread that opened it, for ever: open it
 * inside the namespace once, then use it from any thread. Asks for short acks with the kernel's
 * error text (NETLINK_CAP_ACK, NETLINK_EXT_ACK). Not thread-safe: use it through a
 * {@link NetlinkChannel}.
 */
public final class NetlinkSocket implements NetlinkTransport {
    public static final int NETLINK_ROUTE = 0;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int SOCKADDR_NL_LENGTH = 12;
    /** Kernel dump datagrams stay under 32 KiB; single replies are far smaller. */
    private static final int RECEIVE_BUFFER = 64 * 1024;

    private final int fd;
    private final int portId;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ByteBuffer kernelAddress = sockaddrNl(0);
    private final ByteBuffer peerAddress = ByteBuffer.allocateDirect(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
    private final ByteBuffer peerAddressLength = socklen();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private ByteBuffer sendBuffer = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());

    private NetlinkSocket(int fd, int portId, String name) {
        this.fd = fd;
        this.portId = portId;
        this.name = name;
    }

    /** Opens a socket of the protocol (e.g. {@link #NETLINK_ROUTE}) in the calling thread's namespace. */
    public static NetlinkSocket open(int protocol) {
        LibC libc = Syscall.libc();
        String name = "netlink socket (protocol " + protocol + ")";
        int fd = Syscall.check(libc.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol), "socket " + name);
        try {
            setOption(fd, NETLINK_CAP_ACK, name);
            setOption(fd, NETLINK_EXT_ACK, name);
            Syscall.check(libc.bind(fd, sockaddrNl(0), SOCKADDR_NL_LENGTH), "bind " + name);
            ByteBuffer bound = ByteBuffer.allocateDirect(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
            Syscall.check(libc.getsockname(fd, bound, socklen()), "getsockname " + name);
            return new NetlinkSocket(fd, bound.getInt(4), name);
        } catch (RuntimeException e) {
            Syscall.closeQuietly(fd);
            throw e;
        }
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public void send(byte[] message) {
        if (sendBuffer.capacity() < message.length) {
            sendBuffer = ByteBuffer.allocateDirect(Math.max(message.length, 2 * sendBuffer.capacity()));
        }
        sendBuffer.clear();
        sendBuffer.put(message).flip();
        while (true) {
            long sent = Syscall.libc().sendto(fd(), sendBuffer, message.length, 0, kernelAddress, SOCKADDR_NL_LENGTH);
            if (sent >= 0) {
                if (sent != message.length) {
                    throw new NativeException(Errno.EBADMSG, "sendto " + name, "sent " + sent + " of " + message.length + " bytes");
                }
                return;
            }
            retryOnEintr("sendto " + name);
        }
    }

    @Override
    public ByteBuffer receive() {
        while (true) {
            peerAddressLength.putInt(0, SOCKADDR_NL_LENGTH);
            long received = Syscall.libc().recvfrom(fd(), receiveBuffer, RECEIVE_BUFFER, LibC.MSG_TRUNC, peerAddress,
                    peerAddressLength);
            if (received < 0) {
                retryOnEintr("recvfrom " + name);
                continue;
            }
            if (received > RECEIVE_BUFFER) {
                throw new NativeException(Errno.EMSGSIZE, "recvfrom " + name,
                        "datagram of " + received + " bytes exceeds the " + RECEIVE_BUFFER + "-byte buffer");
            }
            if (peerAddress.getInt(4) != 0) {
                continue; // not from the kernel
            }
            ByteBuffer copy = ByteBuffer.allocate((int) received).order(ByteOrder.nativeOrder());
            copy.put(receiveBuffer.duplicate().position(0).limit((int) received)).flip();
            return copy;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Syscall.closeQuietly(fd);
        }
    }

    private int fd() {
        if (closed.get()) {
            throw new IllegalStateException(name + " is closed");
        }
        return fd;
    }

    private static void retryOnEintr(String operation) {
        int errno = Syscall.errno();
        if (errno != Errno.EINTR) {
            throw NativeException.of(errno, operation, null);
        }
    }

    private static void setOption(int fd, int option, String name) {
        ByteBuffer on = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, 1);
        Syscall.check(Syscall.libc().setsockopt(fd, LibC.SOL_NETLINK, option, on, 4),
                "setsockopt(" + option + ") " + name);
    }

    /** A socklen_t holding the size of a sockaddr_nl, for calls that return an address. */
    private static ByteBuffer socklen() {
        return ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, SOCKADDR_NL_LENGTH);
    }

    /** struct sockaddr_nl { u16 family; u16 pad; u32 pid; u32 groups; } */
    private static ByteBuffer sockaddrNl(int pid) {
        ByteBuffer address = ByteBuffer.allocateDirect(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder());
        address.putShort(0, (short) LibC.AF_NETLINK).putInt(4, pid).putInt(8, 0);
        return address;
    }
}
