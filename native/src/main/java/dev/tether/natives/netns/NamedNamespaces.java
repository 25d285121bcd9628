package dev.tether.natives.netns;

import java.nio.file.Path;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.LibC;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.Syscall;
import dev.tether.natives.thread.BackgroundCall;

/**
 * Named namespaces the iproute2 way: a new namespace (unshare on a throw-away thread) bind-mounted
 * on /run/netns/NAME, with /run/netns a shared mount so that the name is seen in every mount
 * namespace; deleting detaches the mount and removes the file.
 */
final class NamedNamespaces {
    private static boolean runDirReady;

    private NamedNamespaces() {
    }

    static Path pathOf(String name) {
        if (name == null || name.isEmpty() || name.length() > 255 || name.contains("/") || name.equals(".")
                || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + name + "' is not a valid namespace name"
                    + " (1-255 characters, no '/', not '.' or '..')");
        }
        return NetNs.RUN_DIR.resolve(name);
    }

    static void create(String name) {
        Path path = pathOf(name);
        String operation = "create network namespace " + name;
        prepareRunDir();
        LibC libc = Syscall.libc();
        int fd = libc.open(path.toString(), LibC.O_RDONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_CLOEXEC, 0);
        if (fd < 0) {
            throw NativeException.of(Syscall.errno(), operation, path.toString());
        }
        libc.close(fd);
        try {
            onThrowAwayThread(() -> {
                Syscall.check(libc.unshare(LibC.CLONE_NEWNET), operation + ": unshare");
                Syscall.check(libc.mount("/proc/thread-self/ns/net", path.toString(), "none", LibC.MS_BIND),
                        operation + ": bind mount on " + path);
            });
        } catch (RuntimeException e) {
            libc.unlink(path.toString());
            throw e;
        }
    }

    static void delete(String name) {
        Path path = pathOf(name);
        LibC libc = Syscall.libc();
        libc.umount2(path.toString(), LibC.MNT_DETACH); // fails harmlessly if not mounted
        Syscall.check(libc.unlink(path.toString()), "delete network namespace " + name);
    }

    /** mkdir /run/netns and make it a shared mount point, bind-mounting it on itself if needed. */
    private static synchronized void prepareRunDir() {
        if (runDirReady) {
            return;
        }
        LibC libc = Syscall.libc();
        String dir = NetNs.RUN_DIR.toString();
        if (libc.mkdir(dir, 0755) < 0 && Syscall.errno() != Errno.EEXIST) {
            throw NativeException.of(Syscall.errno(), "mkdir " + dir, null);
        }
        boolean boundOnItself = false;
        while (libc.mount("", dir, "none", LibC.MS_SHARED | LibC.MS_REC) < 0) {
            int errno = Syscall.errno();
            if (errno != Errno.EINVAL || boundOnItself) {
                throw NativeException.of(errno, "make " + dir + " a shared mount", null);
            }
            // EINVAL: not a mount point yet.
            Syscall.check(libc.mount(dir, dir, "none", LibC.MS_BIND | LibC.MS_REC), "bind mount " + dir);
            boundOnItself = true;
        }
        runDirReady = true;
    }

    /** Runs the action on a new platform thread that dies afterwards (it stays in the new namespace). */
    private static void onThrowAwayThread(Runnable action) {
        BackgroundCall.start("tether-netns-create", () -> {
            action.run();
            return null;
        }).join();
    }
}
