package dev.tether.natives.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tether.natives.libc.LibC;
import dev.tether.natives.libc.Syscall;

/**
 * An open handle (a file descriptor) on a network namespace. The handle keeps the namespace alive
 * while open and identifies it to the kernel (IFLA_NET_NS_FD, setns). Close it when done.
 *
 * <p>Code that must run inside the namespace (binding a socket, sysctl, libnftables) goes through
 * {@link #call}, which runs it on a dedicated platform thread; netlink work should instead open one
 * socket inside the namespace and use it from any thread (see {@code dev.tether.natives.rtnl.Netlink}).
 */
public final class NetNs implements AutoCloseable {
    /** Where named namespaces live, as with iproute2 ({@code /var/run/netns} is a link to it). */
    public static final Path RUN_DIR = Path.of("/run/netns");
    private static final Path THREAD_SELF = Path.of("/proc/thread-self/ns/net");

    private final int fd;
    private final Path path;
    private final long inode;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetNs(int fd, Path path, long inode) {
        this.fd = fd;
        this.path = path;
        this.inode = inode;
    }

    /** Opens the namespace a path refers to, e.g. /run/netns/x or /proc/1234/ns/net. */
    public static NetNs open(Path path) {
        int fd = Syscall.check(Syscall.libc().open(path.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC, 0),
                "open network namespace " + path);
        try {
            return new NetNs(fd, path, inodeOf(fd, path));
        } catch (RuntimeException e) {
            Syscall.closeQuietly(fd);
            throw e;
        }
    }

    /** Opens the named namespace /run/netns/NAME. */
    public static NetNs named(String name) {
        return open(NamedNamespaces.pathOf(name));
    }

    /** Opens the calling thread's namespace. */
    public static NetNs current() {
        return open(THREAD_SELF);
    }

    /**
     * Creates the named namespace /run/netns/NAME as {@code ip netns add} does and opens it.
     *
     * @throws dev.tether.natives.libc.AlreadyExistsException if the name is taken
     */
    public static NetNs create(String name) {
        NamedNamespaces.create(name);
        return named(name);
    }

    /**
     * Deletes the named namespace as {@code ip netns delete} does: the namespace goes away once no
     * process, socket or handle uses it any more.
     *
     * @throws dev.tether.natives.libc.NotFoundException if there is no such name
     */
    public static void delete(String name) {
        NamedNamespaces.delete(name);
    }

    public static boolean exists(String name) {
        return Files.exists(NamedNamespaces.pathOf(name));
    }

    /** Runs the task inside this namespace on a platform thread and returns its result. */
    public <T, E extends Exception> T call(NsTask<T, E> task) throws E {
        return NamespaceThreads.instance().call(this, task);
    }

    /** The descriptor, valid until {@link #close()}. */
    public int fd() {
        if (closed.get()) {
            throw new IllegalStateException("network namespace handle " + path + " is closed");
        }
        return fd;
    }

    /** The path the handle was opened from. */
    public Path path() {
        return path;
    }

    /** The namespace's inode number: two handles with the same inode are the same namespace. */
    public long inode() {
        return inode;
    }

    public boolean isSameAs(NetNs other) {
        return inode == other.inode;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Syscall.closeQuietly(fd);
        }
    }

    @Override
    public String toString() {
        return "netns " + path + " (net:[" + inode + "])";
    }

    /**
     * The inode of the namespace file the fd refers to; also checks that it is a namespace file
     * (same device as our own namespace files, nsfs). The kernel checks the namespace type on use.
     */
    private static long inodeOf(int fd, Path path) {
        try {
            Path self = Path.of("/proc/self/fd/" + fd);
            Object device = Files.getAttribute(self, "unix:dev");
            if (!device.equals(Files.getAttribute(THREAD_SELF, "unix:dev"))) {
                throw new IllegalArgumentException(path + " is not a namespace file");
            }
            return (Long) Files.getAttribute(self, "unix:ino");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot identify namespace " + path, e);
        }
    }
}
