package dev.tether.cni.testing;

import dev.tether.cni.plugins.ipam.IpamMain;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The test classpath made cheap to start many JVMs on: its directories packed into jars (class
 * data sharing archives only jars) and a CDS archive of the classes one tether-ipam ADD loads,
 * made once per test JVM. A child on it starts in about half the CPU time (0.4 s instead of
 * 0.8-1 s for an embedded ADD here), which is what makes 64 children at once affordable on two
 * cores. If the archive cannot be made, children run without it (same behaviour, slower).
 */
public final class ChildClasspath {
    /** The classpath and the JVM options that use the archive. */
    public record Prepared(String classpath, List<String> jvmOptions) {}

    private static Prepared prepared;

    private ChildClasspath() {}

    public static synchronized Prepared get() {
        if (prepared == null) {
            prepared = prepare();
        }
        return prepared;
    }

    private static Prepared prepare() {
        try {
            Path dir = Files.createTempDirectory("tt-child-cp");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path)) {
                    Path jar = dir.resolve((n++) + "-" + path.getFileName() + ".jar");
                    packJar(path, jar);
                    entries.add(jar.toString());
                } else {
                    entries.add(entry);
                }
            }
            String classpath = String.join(java.io.File.pathSeparator, entries);
            Path archive = dir.resolve("ipam-add.jsa");
            return new Prepared(classpath, train(dir, classpath, archive)
                    ? List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto") : List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One embedded ADD with -XX:ArchiveClassesAtExit; true when it left an archive. */
    private static boolean train(Path dir, String classpath, Path archive) throws IOException {
        Path netns = Files.createFile(dir.resolve("netns"));
        List<String> cmd = new ArrayList<>(PluginProcess.jvm(dir));
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", classpath, IpamMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("train.log").toFile());
        builder.environment().putAll(java.util.Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "train", "CNI_IFNAME", "eth0",
                "CNI_NETNS", netns.toString(), "TETHER_SOCKET", dir.resolve("none.sock").toString(),
                "TETHER_DATA_DIR", dir.resolve("data").toString()));
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(Fixtures.bytes("{\"cniVersion\":\"1.1.0\",\"name\":\"train\",\"type\":\"t\","
                    + "\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.254.0.0/24\"}}"));
        }
        try {
            return process.waitFor(120, TimeUnit.SECONDS) && process.exitValue() == 0 && Files.exists(archive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            process.destroyForcibly();
        }
    }

    private static void packJar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
