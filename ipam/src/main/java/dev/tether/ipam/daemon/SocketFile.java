package dev.tether.ipam.daemon;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Claims the socket path for one daemon: a lock file next to it decides who owns the path (so
 * two daemons starting at once cannot both "clean up" and bind), a live daemon answering there
 * is never displaced, a stale socket file left by a killed daemon is replaced, and the socket is
 * made mode 0600 inside a directory created 0700.
 */
final class SocketFile implements AutoCloseable {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path socket;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Whether the socket file at the path is ours to remove. */
    private boolean bound;

    private SocketFile(Path socket, FileChannel lockChannel, FileLock lock) {
        this.socket = socket;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Takes the path and binds a listening channel to it. */
    static SocketFile claim(Path socket) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new DaemonAlreadyRunningException("another tether daemon holds " + lockFile);
        }
        SocketFile claimed = new SocketFile(socket, channel, lock);
        try {
            claimed.removeStale();
            return claimed;
        } catch (IOException e) {
            claimed.close();
            throw e;
        }
    }

    /**
     * Binds and listens, then makes the socket 0600. Java binds and listens in one call, so for
     * a moment the socket has the umask's mode: the 0700 directory (when we create it) and the
     * peer check on every connection cover that moment.
     */
    ServerSocketChannel listen(int backlog) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket), backlog);
            bound = true;
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return server;
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    private void removeStale() throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException(socket + " exists and is not a socket; remove it or choose another path");
        }
        SocketChannel probe;
        try {
            probe = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException stale) {
            Files.delete(socket);
            return;
        }
        probe.close();
        throw new DaemonAlreadyRunningException("a daemon already answers on " + socket);
    }

    @Override
    public void close() throws IOException {
        try {
            if (bound) {
                Files.deleteIfExists(socket);
            }
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
