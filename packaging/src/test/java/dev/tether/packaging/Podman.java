package dev.tether.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A rootful podman 4 (CNI backend, runc, vfs storage) whose configuration, images, containers and
 * state all live in one directory, run in a test's "host" network namespace (nsenter --net only:
 * `ip netns exec`'s private mount namespace would hide podman's /run/netns mounts from the next
 * call). Its image is the machine's busybox-static, imported: nothing is ever pulled.
 * {@link #close()} removes every container (podman runs the plugins' DEL), then what podman
 * leaves on the host whatever its configuration, if it was absent before.
 */
final class Podman implements AutoCloseable {
    static final String IMAGE = "localhost/tt-busybox:latest";
    static final String PAGE = "hello from tether podman test";
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    /** libcni's result cache, hard-wired in podman. */
    private static final Path CNI_CACHE = Path.of("/var/lib/cni");
    /** Where `podman import` keeps its blob-info cache, hard-wired too. */
    private static final Path CONTAINERS_CACHE = Path.of("/var/lib/containers");
    private static final String CGROUP_PARENT = "libpod_parent";

    private final Path root;
    private final String namespace;
    private final String network;
    private final Map<String, String> env = new HashMap<>();
    private final boolean hadCniCache = Files.exists(CNI_CACHE);
    private final boolean hadContainersCache = Files.exists(CONTAINERS_CACHE);
    private final List<Path> cgroupsBefore = cgroupParents();

    private Podman(Path root, String namespace, String network) {
        this.root = root;
        this.namespace = namespace;
        this.network = network;
    }

    /**
     * Configures podman in {@code root} to exec the plugins of {@code pluginDir} for the conflists
     * of {@code configDir} (whose only network is {@code network}), with {@code pluginEnv} in the
     * plugins' environment, and imports the image.
     */
    static Podman start(Path root, String namespace, Path pluginDir, Path configDir, String network,
            Map<String, String> pluginEnv) throws IOException {
        Podman podman = new Podman(root, namespace, network);
        try {
            podman.configure(pluginDir, configDir, pluginEnv);
            podman.importImage();
            return podman;
        } catch (RuntimeException | IOException e) {
            podman.close();
            throw e;
        }
    }

    private void configure(Path pluginDir, Path configDir, Map<String, String> pluginEnv) throws IOException {
        Path conf = Files.createDirectories(root.resolve("conf"));
        Files.createDirectories(root.resolve("tmp"));
        String path = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        // conmon runs `podman container cleanup` (the DEL) when a container exits by itself: it
        // gets only CONTAINERS_CONF and these variables from podman's environment.
        String conmonEnv = Stream.concat(Stream.of(path), pluginEnv.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()))
                .map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
        Files.writeString(conf.resolve("containers.conf"), """
                [containers]
                # podman's default RLIMIT_NOFILE (1048576) is above this machine's hard limit
                default_ulimits = ["nofile=1024:4096", "nproc=4096:4096"]
                log_driver = "k8s-file"
                [network]
                network_backend = "cni"
                cni_plugin_dirs = ["%s"]
                network_config_dir = "%s"
                default_network = "%s"
                [engine]
                # crun refuses the hybrid cgroup v1 layout; no systemd as PID 1
                runtime = "runc"
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                events_logfile_path = "%s/events.log"
                tmp_dir = "%s/tmp"
                lock_type = "file"
                image_copy_tmp_dir = "%s/tmp"
                pull_policy = "never"
                conmon_env_vars = [%s]
                [engine.runtimes]
                runc = ["/usr/sbin/runc", "/usr/bin/runc"]
                """.formatted(pluginDir, configDir, network, root, root, root, conmonEnv));
        Files.writeString(conf.resolve("storage.conf"), """
                [storage]
                driver = "vfs"
                graphroot = "%s/storage"
                runroot = "%s/run"
                """.formatted(root, root));
        Files.writeString(conf.resolve("registries.conf"), ""); // no registry: nothing is pulled
        env.put("CONTAINERS_CONF", conf.resolve("containers.conf").toString());
        env.put("CONTAINERS_STORAGE_CONF", conf.resolve("storage.conf").toString());
        env.put("CONTAINERS_REGISTRIES_CONF", conf.resolve("registries.conf").toString());
        env.put("HOME", root.toString());
        env.putAll(pluginEnv);
    }

    /** A busybox-static rootfs (every applet linked, a page for httpd in /var/www), imported. */
    private void importImage() throws IOException {
        if (!Files.isExecutable(BUSYBOX)) {
            throw new AssertionError(BUSYBOX + " is missing: apt-get install busybox-static (packaging/debian-packages)");
        }
        Path rootfs = root.resolve("rootfs");
        for (String dir : List.of("bin", "etc", "proc", "sys", "dev", "run", "root", "var/www")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.createDirectories(rootfs.resolve("tmp"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        for (String applet : Run.ok(BUSYBOX.toString(), "--list").strip().split("\n")) {
            if (!applet.equals("busybox")) {
                Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
            }
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.writeString(rootfs.resolve("var/www/index.html"), PAGE + "\n");
        Path tar = root.resolve("tmp/rootfs.tar");
        Run.ok("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
        ok("import", "--quiet", "--change", "CMD [\"/bin/sh\"]", tar.toString(), IMAGE);
        Files.delete(tar);
    }

    /** Runs podman with these arguments in the host namespace. */
    Run.Result run(String... args) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace, "podman"));
        argv.addAll(List.of(args));
        return Run.of(env, "", argv.toArray(String[]::new));
    }

    /** Runs podman, which must succeed, and returns its stdout. */
    String ok(String... args) {
        Run.Result result = run(args);
        if (result.exit() != 0) {
            throw new AssertionError("podman " + String.join(" ", args) + ": " + result);
        }
        return result.stdout();
    }

    /** The files libcni keeps for our network's attachments (each DEL removes its own). */
    List<Path> cachedResults() throws IOException {
        Path results = CNI_CACHE.resolve("results");
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(results)) {
            return files.filter(f -> f.getFileName().toString().startsWith(network + "-")).toList();
        }
    }

    /**
     * Removes every container (their DEL), whatever mounts, cgroups and caches podman left that
     * were not there before, and the state directory; fails afterwards if something resisted.
     */
    @Override
    public void close() throws IOException {
        List<String> problems = new ArrayList<>();
        if (env.containsKey("CONTAINERS_CONF")) {
            Run.Result rm = run("rm", "--all", "--force", "--time", "0");
            if (rm.exit() != 0) {
                problems.add("podman rm -af: " + rm);
            }
        }
        for (Path file : cachedResults()) {
            Files.deleteIfExists(file);
        }
        unmountUnder(root, problems);
        for (Path parent : cgroupParents()) {
            if (!cgroupsBefore.contains(parent)) {
                removeEmptyDirs(parent, problems);
            }
        }
        if (!hadCniCache) {
            removeEmptyDirs(CNI_CACHE, problems);
        }
        if (!hadContainersCache) {
            Files.deleteIfExists(CONTAINERS_CACHE.resolve("cache/blob-info-cache-v1.boltdb"));
            removeEmptyDirs(CONTAINERS_CACHE, problems);
        }
        if (problems.isEmpty()) {
            Run.ok("rm", "-rf", root.toString());
        } else {
            throw new AssertionError("podman left: " + problems + " (state in " + root + ")");
        }
    }

    private static void unmountUnder(Path dir, List<String> problems) throws IOException {
        String prefix = dir + "/";
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4]).filter(m -> m.startsWith(prefix))
                .sorted(Comparator.reverseOrder()).toList();
        for (String mount : mounts) {
            Run.Result umount = Run.of(Map.of(), "", "umount", mount);
            if (umount.exit() != 0) {
                problems.add("mount " + mount);
            }
        }
    }

    /** The cgroupfs parent podman makes in every v1 hierarchy (and the unified one). */
    private static List<Path> cgroupParents() {
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            return hierarchies.map(h -> h.resolve(CGROUP_PARENT)).filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** rmdir, deepest first, of directories that hold nothing else (cgroupfs: no tasks left). */
    private static void removeEmptyDirs(Path top, List<String> problems) {
        if (!Files.isDirectory(top)) {
            return;
        }
        Run.Result rmdir = Run.of(Map.of(), "", "find", top.toString(), "-depth", "-type", "d", "-exec", "rmdir", "{}", ";");
        if (Files.exists(top)) {
            problems.add(top + " (not empty: " + rmdir.stderr().strip() + ")");
        }
    }
}
