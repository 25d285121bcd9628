package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tree's Java plugin really runs on its class-data archive (a JVM silently drops an archive
 * that does not match its flags, class path or runtime, and starts 2-3x slower): with the strict
 * option (-XX:AOTMode=on, or -Xshare:on for AppCDS) the JVM refuses to start without it.
 */
class ArchiveIT {
    @TempDir
    Path dir;

    @Test
    void theJavaPluginStartsOnlyWithItsArchive() throws Exception {
        Properties info = Tree.buildInfo();
        assertTrue(Files.size(Tree.ROOT.resolve("lib/tether." + ("aot".equals(info.getProperty("archive")) ? "aot" : "jsa"))) > 1_000_000,
                "the archive is in lib/: " + info);
        Run.Result version = Run.of(Map.of("CNI_COMMAND", "VERSION", "TETHER_SOCKET", dir.resolve("none.sock").toString(),
                "JDK_JAVA_OPTIONS", Tree.strictArchiveOption()), "{\"cniVersion\":\"1.0.0\"}", Tree.plugin("tether-bridge").toString());
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.stdout().contains("\"supportedVersions\""), version.toString());
    }

    /**
     * What keeps an exec'd plugin from reading the merged jar's index: the runtime answers the
     * JVM's LoggerFinder lookup from a module of its own, and the resource slf4j-simple looks for
     * is in the small jar ahead of the merged one.
     */
    @Test
    void theRuntimeAndTheBootJarAnswerTheLookupsOfEveryStart() throws Exception {
        Run.Result module = Run.of(Map.of(), "", Tree.ROOT.resolve("runtime/bin/java").toString(),
                "--describe-module", "dev.tether.logfinder");
        assertEquals(0, module.exit(), module.toString());
        assertTrue(module.stdout().contains("provides java.lang.System$LoggerFinder"), module.toString());
        try (java.util.jar.JarFile boot = new java.util.jar.JarFile(Tree.ROOT.resolve("lib/tether-boot.jar").toFile())) {
            java.util.zip.ZipEntry properties = boot.getEntry("simplelogger.properties");
            assertTrue(properties != null, "slf4j-simple's file is in the boot jar");
            assertEquals(java.util.zip.ZipEntry.STORED, properties.getMethod(), "stored: read without an Inflater");
        }
        String launcher = Files.readString(Tree.ROOT.resolve("libexec/tether-java"));
        String jars = "aot".equals(Tree.buildInfo().getProperty("archive")) ? "-Xbootclasspath/a:" : "-cp ";
        assertTrue(launcher.contains(jars + "\"$lib/tether-boot.jar:$lib/tether.jar\""), "the boot jar comes first: " + launcher);
    }

    @Test
    void theBuildTrainedTheArchiveOnRealWorkWhenItCould() {
        Properties info = Tree.buildInfo();
        boolean root = "root".equals(System.getProperty("user.name"));
        assertEquals(root ? "full" : "spec-only", info.getProperty("training"),
                "as root the build trains on real ADD/CHECK/DEL in throw-away namespaces: " + info);
    }
}
