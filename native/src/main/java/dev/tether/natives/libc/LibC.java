package dev.tether.natives.libc;

import java.nio.ByteBuffer;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc functions Tether calls, bound by jnr-ffi. Buffers are direct ByteBuffers so jnr-ffi
 * passes their address without copying. Obtain it through {@link Syscall#libc()}.
 */
public interface LibC {
    int AF_NETLINK = 16;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SOL_NETLINK = 270;
    int MSG_PEEK = 2;
    int MSG_TRUNC = 0x20;
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_CREAT = 0x40;
    int O_EXCL = 0x80;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;
    long MS_BIND = 0x1000;
    long MS_REC = 0x4000;
    long MS_SHARED = 0x100000;
    int MNT_DETACH = 2;

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In ByteBuffer address, int addressLength);

    @SaveError
    int getsockname(int fd, @Out ByteBuffer address, @In @Out IntByReference addressLength);

    @SaveError
    int setsockopt(int fd, int level, int option, @In IntByReference value, int valueLength);

    @SaveError
    @ssize_t long sendto(int fd, @In ByteBuffer buffer, @size_t long length, int flags, @In ByteBuffer address,
                         int addressLength);

    @SaveError
    @ssize_t long recvfrom(int fd, @Out ByteBuffer buffer, @size_t long length, int flags, @Out ByteBuffer address,
                           @In @Out IntByReference addressLength);

    @SaveError
    int close(int fd);

    @SaveError
    int open(String path, int flags, int mode);

    @SaveError
    @ssize_t long read(int fd, @Out ByteBuffer buffer, @size_t long length);

    @SaveError
    @ssize_t long write(int fd, @In ByteBuffer buffer, @size_t long length);

    @SaveError
    int mkdir(String path, int mode);

    @SaveError
    int setns(int fd, int namespaceType);

    @SaveError
    int unshare(int flags);

    @SaveError
    int mount(String source, String target, String fsType, long flags, Pointer data);

    @SaveError
    int umount2(String target, int flags);

    @SaveError
    int unlink(String path);

    int getpid();
}
