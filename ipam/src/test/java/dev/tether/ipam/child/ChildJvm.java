package dev.tether.ipam.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a child JVM on the test classpath running {@link ChildMain} (or another main). */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * @param tmpDir the child's java.io.tmpdir, or null for the default: MapDB's lz4 extracts a
     *               native library there that a SIGKILLed child leaves behind, so tests that kill
     *               children point it into their own temp dir
     */
    public static ProcessBuilder builder(Path tmpDir, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Short-lived children: C1 only, no perf data file, serial GC; start-up dominates.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:-UsePerfData");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx128m");
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        if (tmpDir != null) {
            cmd.add("-Djava.io.tmpdir=" + tmpDir);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    public static Process start(Path tmpDir, String... args) throws IOException {
        Files.createDirectories(tmpDir);
        return builder(tmpDir, ChildMain.class, args).start();
    }
}
