package dev.tether.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The install tree `mvn package` made (system property tether.tree, set by the pom). */
final class Tree {
    static final Path ROOT = Path.of(System.getProperty("tether.tree", "target/tether")).toAbsolutePath();
    static final Path BUILD = Path.of(System.getProperty("tether.build", "target")).toAbsolutePath();
    static final Path CNI = ROOT.resolve("cni");
    static final Path TETHER = ROOT.resolve("bin/tether");
    static final Path INSTALL = ROOT.resolve("install.sh");
    /** The reference plugins (Debian's containernetworking-plugins). */
    static final Path REFERENCE = Path.of("/usr/lib/cni");

    private Tree() {}

    static Path plugin(String type) {
        return CNI.resolve(type);
    }

    /** BUILD-INFO: version, runtime, archive (aot or cds), training (full or spec-only). */
    static Properties buildInfo() {
        Properties info = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve("BUILD-INFO"))) {
            info.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return info;
    }

    /** The JVM option that makes the launcher fail unless it really maps the tree's archive. */
    static String strictArchiveOption() {
        return "aot".equals(buildInfo().getProperty("archive")) ? "-XX:AOTMode=on" : "-Xshare:on";
    }
}
