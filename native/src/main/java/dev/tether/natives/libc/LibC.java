package dev.tether.natives.libc;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;

import dev.tether.natives.ffi.NativeFunction;
import dev.tether.natives.ffi.NativeLibrary;

import static dev.tether.natives.ffi.CType.INT;
import static dev.tether.natives.ffi.CType.LONG;
import static dev.tether.natives.ffi.CType.POINTER;
import static dev.tether.natives.ffi.NativeMemory.address;
import static dev.tether.natives.ffi.NativeMemory.cString;

/**
 * The libc functions Tether calls, each bound once when libc is loaded. They return what the C
 * function returns (-1 and errno on failure: see {@link Syscall#errno()}); buffers are direct
 * ByteBuffers, passed at their position. Obtain it through {@link Syscall#libc()}.
 */
public final class LibC {
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SOL_NETLINK = 270;
    public static final int MSG_PEEK = 2;
    public static final int MSG_TRUNC = 0x20;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final long MS_BIND = 0x1000;
    public static final long MS_REC = 0x4000;
    public static final long MS_SHARED = 0x100000;
    public static final int MNT_DETACH = 2;

    private final NativeFunction socket;
    private final NativeFunction bind;
    private final NativeFunction getsockname;
    private final NativeFunction setsockopt;
    private final NativeFunction sendto;
    private final NativeFunction recvfrom;
    private final NativeFunction close;
    private final NativeFunction open;
    private final NativeFunction read;
    private final NativeFunction write;
    private final NativeFunction mkdir;
    private final NativeFunction setns;
    private final NativeFunction unshare;
    private final NativeFunction mount;
    private final NativeFunction umount2;
    private final NativeFunction unlink;

    LibC(NativeLibrary libc) {
        socket = libc.function("socket", INT, INT, INT, INT);
        bind = libc.function("bind", INT, INT, POINTER, INT);
        getsockname = libc.function("getsockname", INT, INT, POINTER, POINTER);
        setsockopt = libc.function("setsockopt", INT, INT, INT, INT, POINTER, INT);
        sendto = libc.function("sendto", LONG, INT, POINTER, LONG, INT, POINTER, INT);
        recvfrom = libc.function("recvfrom", LONG, INT, POINTER, LONG, INT, POINTER, POINTER);
        close = libc.function("close", INT, INT);
        open = libc.function("open", INT, POINTER, INT, INT);
        read = libc.function("read", LONG, INT, POINTER, LONG);
        write = libc.function("write", LONG, INT, POINTER, LONG);
        mkdir = libc.function("mkdir", INT, POINTER, INT);
        setns = libc.function("setns", INT, INT, INT);
        unshare = libc.function("unshare", INT, INT);
        mount = libc.function("mount", INT, POINTER, POINTER, POINTER, LONG, POINTER);
        umount2 = libc.function("umount2", INT, POINTER, INT);
        unlink = libc.function("unlink", INT, POINTER);
    }

    public int socket(int domain, int type, int protocol) {
        return socket.callInt(domain, type, protocol);
    }

    public int bind(int fd, ByteBuffer address, int addressLength) {
        try {
            return bind.callInt(fd, address(address), addressLength);
        } finally {
            Reference.reachabilityFence(address);
        }
    }

    /** addressLength: a direct 4-byte socklen_t holding the address buffer's size, set to the address's. */
    public int getsockname(int fd, ByteBuffer address, ByteBuffer addressLength) {
        try {
            return getsockname.callInt(fd, address(address), address(addressLength));
        } finally {
            Reference.reachabilityFence(address);
            Reference.reachabilityFence(addressLength);
        }
    }

    public int setsockopt(int fd, int level, int option, ByteBuffer value, int valueLength) {
        try {
            return setsockopt.callInt(fd, level, option, address(value), valueLength);
        } finally {
            Reference.reachabilityFence(value);
        }
    }

    public long sendto(int fd, ByteBuffer buffer, long length, int flags, ByteBuffer address, int addressLength) {
        try {
            return sendto.call(fd, address(buffer), length, flags, address(address), addressLength);
        } finally {
            Reference.reachabilityFence(buffer);
            Reference.reachabilityFence(address);
        }
    }

    /** addressLength: as for {@link #getsockname}. */
    public long recvfrom(int fd, ByteBuffer buffer, long length, int flags, ByteBuffer address, ByteBuffer addressLength) {
        try {
            return recvfrom.call(fd, address(buffer), length, flags, address(address), address(addressLength));
        } finally {
            Reference.reachabilityFence(buffer);
            Reference.reachabilityFence(address);
            Reference.reachabilityFence(addressLength);
        }
    }

    public int close(int fd) {
        return close.callInt(fd);
    }

    public int open(String path, int flags, int mode) {
        ByteBuffer cPath = cString(path);
        try {
            return open.callInt(address(cPath), flags, mode);
        } finally {
            Reference.reachabilityFence(cPath);
        }
    }

    public long read(int fd, ByteBuffer buffer, long length) {
        try {
            return read.call(fd, address(buffer), length);
        } finally {
            Reference.reachabilityFence(buffer);
        }
    }

    public long write(int fd, ByteBuffer buffer, long length) {
        try {
            return write.call(fd, address(buffer), length);
        } finally {
            Reference.reachabilityFence(buffer);
        }
    }

    public int mkdir(String path, int mode) {
        ByteBuffer cPath = cString(path);
        try {
            return mkdir.callInt(address(cPath), mode);
        } finally {
            Reference.reachabilityFence(cPath);
        }
    }

    public int setns(int fd, int namespaceType) {
        return setns.callInt(fd, namespaceType);
    }

    public int unshare(int flags) {
        return unshare.callInt(flags);
    }

    /** mount(2) without filesystem data. */
    public int mount(String source, String target, String fsType, long flags) {
        ByteBuffer cSource = cString(source);
        ByteBuffer cTarget = cString(target);
        ByteBuffer cType = cString(fsType);
        try {
            return mount.callInt(address(cSource), address(cTarget), address(cType), flags, 0L);
        } finally {
            Reference.reachabilityFence(cSource);
            Reference.reachabilityFence(cTarget);
            Reference.reachabilityFence(cType);
        }
    }

    public int umount2(String target, int flags) {
        ByteBuffer cTarget = cString(target);
        try {
            return umount2.callInt(address(cTarget), flags);
        } finally {
            Reference.reachabilityFence(cTarget);
        }
    }

    public int unlink(String path) {
        ByteBuffer cPath = cString(path);
        try {
            return unlink.callInt(address(cPath));
        } finally {
            Reference.reachabilityFence(cPath);
        }
    }
}
