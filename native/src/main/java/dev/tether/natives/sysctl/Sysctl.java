package dev.tether.natives.sysctl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.LibC;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.Syscall;
import dev.tether.natives.netns.NetNs;

/**
 * Reads and writes net.* sysctls of a network namespace (/proc/sys/net shows the namespace of the
 * thread that opens the file, so the file is opened inside the namespace). Only net.* keys are
 * accepted: the others are not per namespace, and writing them would change the whole machine.
 *
 * <p>Keys are written as sysctl(8) accepts them: "net.ipv4.ip_forward", or with slashes when a
 * part contains dots, e.g. "net/ipv4/conf/eth0.100/rp_filter".
 */
public final class Sysctl {
    private static final int MAX_VALUE_LENGTH = 4096;

    private Sysctl() {
    }

    /** The value, without its trailing newline. */
    public static String get(NetNs namespace, String key) {
        String path = pathOf(key);
        String operation = "sysctl " + key + " in " + namespace;
        return namespace.call(() -> {
            int fd = Syscall.check(Syscall.libc().open(path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0), operation);
            try {
                ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_VALUE_LENGTH);
                int length = (int) Syscall.check(Syscall.libc().read(fd, buffer, MAX_VALUE_LENGTH), operation);
                byte[] bytes = new byte[length];
                buffer.get(0, bytes);
                return new String(bytes, StandardCharsets.UTF_8).stripTrailing();
            } finally {
                Syscall.closeQuietly(fd);
            }
        });
    }

    /** Sets the value; the kernel's EINVAL for a value it rejects comes back as a NativeException. */
    public static void set(NetNs namespace, String key, String value) {
        String path = pathOf(key);
        String operation = "sysctl " + key + "=" + value + " in " + namespace;
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(operation + ": value longer than " + MAX_VALUE_LENGTH + " bytes");
        }
        namespace.call(() -> {
            int fd = Syscall.check(Syscall.libc().open(path, LibC.O_WRONLY | LibC.O_CLOEXEC, 0), operation);
            try {
                ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
                long written = Syscall.check(Syscall.libc().write(fd, buffer, bytes.length), operation);
                if (written != bytes.length) {
                    throw new NativeException(Errno.EINVAL, operation, "wrote " + written + " of " + bytes.length + " bytes");
                }
                return null;
            } finally {
                Syscall.closeQuietly(fd);
            }
        });
    }

    /** /proc/sys/... for a net.* key, refusing keys that could leave /proc/sys/net. */
    static String pathOf(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("sysctl key is empty");
        }
        String[] parts = key.indexOf('/') >= 0 ? key.split("/", -1) : key.split("\\.", -1);
        if (parts.length < 2 || !parts[0].equals("net")) {
            throw new IllegalArgumentException("sysctl key '" + key + "' is not a net.* key (only those are per namespace)");
        }
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("sysctl key '" + key + "' has an empty or relative part");
            }
        }
        return "/proc/sys/" + String.join("/", parts);
    }
}
