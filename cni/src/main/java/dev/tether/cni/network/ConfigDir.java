package dev.tether.cni.network;

import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.NetworkConfigList;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The CNI configuration directory (default {@value #DEFAULT}): every network in it, read as libcni
 * finds them (.conflist files in name order, then .conf and .json files, each a single plugin
 * configuration; the first file of a name wins), and the files {@code tether network
 * create} writes ({@code NAME.conflist}).
 */
public final class ConfigDir {
    public static final Path DEFAULT = Path.of("/etc/cni/net.d");
    static final String CONFLIST = ".conflist";
    static final String LOCK_FILE = ".tether-network.lock";
    private static final Object IN_PROCESS = new Object();

    private final Path dir;

    public ConfigDir(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * What a scan found.
     *
     * @param problems one line per file that is not a usable network configuration (skipped)
     */
    public record Scan(List<Network> networks, List<String> problems) {
        public Scan {
            networks = List.copyOf(networks);
            problems = List.copyOf(problems);
        }

        public Optional<Network> find(String name) {
            return networks.stream().filter(n -> n.name().equals(name)).findFirst();
        }
    }

    /** Every network of the directory; none when the directory does not exist. */
    public Scan scan() {
        List<Network> networks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path file : files()) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                boolean list = file.getFileName().toString().endsWith(CONFLIST);
                NetworkConfigList config = list ? NetworkConfigList.parse(bytes) : NetworkConfigList.fromSingleConfig(bytes);
                if (!names.add(config.name())) {
                    problems.add(file + ": network \"" + config.name() + "\" is already defined by an earlier file; ignored");
                    continue;
                }
                networks.add(Network.of(file, config));
            } catch (NoSuchFileException removedMeanwhile) {
                // deleted between the listing and the read
            } catch (IOException e) {
                problems.add(file + ": cannot read: " + e.getMessage());
            } catch (CniException e) {
                problems.add(file + ": " + e.getMessage() + (e.details().isEmpty() ? "" : " (" + e.details() + ")"));
            }
        }
        return new Scan(networks, problems);
    }

    /** @throws NetworkException when no network has this name */
    public Network require(String name) {
        return scan().find(name).orElseThrow(() -> new NetworkException("network " + name + " not found in " + dir
                + " (see 'tether network ls')"));
    }

    /** The file {@code create} writes for a network. */
    public Path fileFor(String name) {
        return dir.resolve(name + CONFLIST);
    }

    /**
     * Writes a new network's file, mode 0644, atomically: it appears complete or not at all, and
     * never replaces an existing file.
     *
     * @throws NetworkException when the file exists or cannot be written
     */
    public Path create(String name, byte[] conflist) {
        Path file = fileFor(name);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".tether-", ".tmp");
            try {
                Files.write(temp, conflist);
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.createLink(file, temp); // fails if the name is taken, unlike a rename
            } finally {
                Files.deleteIfExists(temp);
            }
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new NetworkException("network " + name + " exists (" + file + "); choose another name or run"
                    + " 'tether network rm " + name + "'");
        } catch (IOException e) {
            throw new NetworkException("cannot write " + file + ": " + e.getMessage() + " (check --config-dir)", e);
        }
    }

    /**
     * Runs a change of the directory under an exclusive lock on {@value #LOCK_FILE} in it, so
     * that two {@code tether network create} at once cannot both take a name or a subnet (the
     * hidden file is no network to runtimes: they read .conflist, .conf and .json only).
     */
    public <T> T locked(Supplier<T> change) {
        synchronized (IN_PROCESS) { // file locks are per process: threads of this JVM queue here
            return fileLocked(change);
        }
    }

    private <T> T fileLocked(Supplier<T> change) {
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                return change.get();
            }
        } catch (IOException e) {
            throw new NetworkException("cannot lock " + dir.resolve(LOCK_FILE) + ": " + e.getMessage() + " (check --config-dir)", e);
        }
    }

    /** Deletes a network's file; a file already gone is fine. */
    public void delete(Network network) {
        try {
            Files.deleteIfExists(network.file());
        } catch (IOException e) {
            throw new NetworkException("cannot delete " + network.file() + ": " + e.getMessage(), e);
        }
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.{conflist,conf,json}")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new NetworkException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        // libcni's lookup order: .conflist files first, then single configurations, each by name.
        files.sort(Comparator.comparing((Path f) -> !f.getFileName().toString().endsWith(CONFLIST))
                .thenComparing(f -> f.getFileName().toString()));
        return files;
    }
}
