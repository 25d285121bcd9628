package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the forwarder starts the Java plugin when no daemon answers: the JVM itself, with the
 * tree's lib/plugin.args, when that file names the tree's own place; else the shell launcher
 * libexec/tether-plugin, which works from anywhere. Run on a copy of the tree's small files
 * (runtime and jars linked) whose tether-plugin only exits 99, so each path shows in the result.
 */
class LaunchIT {
    private static final String VERSION = "{\"cniVersion\":\"1.0.0\"}";

    @TempDir
    Path dir;
    private Path copy;

    @BeforeEach
    void copyTheTree() throws IOException {
        copy = dir.toRealPath().resolve("tether");
        Files.createDirectories(copy.resolve("libexec"));
        Files.createDirectories(copy.resolve("cni"));
        Files.createDirectories(copy.resolve("tmp"));
        Files.copy(Tree.ROOT.resolve("libexec/tether-fwd"), copy.resolve("libexec/tether-fwd"));
        Files.copy(Tree.ROOT.resolve("libexec/tether-java"), copy.resolve("libexec/tether-java"));
        Path shell = Files.writeString(copy.resolve("libexec/tether-plugin"), "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(shell, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(copy.resolve("cni/tether-bridge"), Path.of("../libexec/tether-fwd"));
        Files.createSymbolicLink(copy.resolve("runtime"), Tree.ROOT.resolve("runtime"));
        Files.createDirectories(copy.resolve("lib"));
        try (Stream<Path> lib = Files.list(Tree.ROOT.resolve("lib"))) {
            for (Path file : lib.filter(f -> !f.getFileName().toString().equals("plugin.args")).toList()) {
                Files.createSymbolicLink(copy.resolve("lib").resolve(file.getFileName()), file);
            }
        }
    }

    private Run.Result version() {
        return Run.of(Map.of("CNI_COMMAND", "VERSION", "TETHER_SOCKET", dir.resolve("none.sock").toString()), VERSION,
                copy.resolve("cni/tether-bridge").toString());
    }

    @Test
    void theBuildTreeNamesItsPlaceInItsArgumentFile() throws IOException {
        List<String> args = Files.readAllLines(Tree.ROOT.resolve("lib/plugin.args"));
        assertEquals("# tether-root " + Tree.ROOT.toRealPath(), args.get(0));
        assertEquals("dev.tether.cni.PluginLauncher", args.get(args.size() - 1), "the main class ends the file");
        assertTrue(args.stream().noneMatch(a -> a.contains("runtime/bin/java")), "the JVM's path is the forwarder's to give");
    }

    @Test
    void theForwarderExecsTheJvmWithTheArgumentFileOfItsOwnPlace() throws IOException {
        Run.Result relocate = Run.of(Map.of(), "", copy.resolve("libexec/tether-java").toString(), "relocate");
        assertEquals(0, relocate.exit(), relocate.toString());
        assertEquals("# tether-root " + copy, Files.readAllLines(copy.resolve("lib/plugin.args")).get(0));

        Run.Result direct = version();
        assertEquals(0, direct.exit(), "not through tether-plugin (exit 99): " + direct);
        assertTrue(direct.stdout().contains("\"supportedVersions\""), direct.toString());

        // The file of another place (the tree was copied here after it was written): not used.
        Path args = copy.resolve("lib/plugin.args");
        Files.writeString(args, Files.readString(args).replaceFirst("# tether-root .*\n", "# tether-root " + copy + "2\n"));
        assertEquals(99, version().exit(), "through tether-plugin");
        Files.delete(args);
        assertEquals(99, version().exit(), "no file: through tether-plugin");
    }

    @Test
    void relocateWritesTheFileForAnotherPlaceAndRefusesPathsItCannotWrite() throws IOException {
        Run.Result forDeb = Run.of(Map.of(), "", copy.resolve("libexec/tether-java").toString(), "relocate", "/usr/lib/tether");
        assertEquals(0, forDeb.exit(), forDeb.toString());
        String text = Files.readString(copy.resolve("lib/plugin.args"));
        assertTrue(text.startsWith("# tether-root /usr/lib/tether\n"), text);
        assertTrue(text.contains("-XX:AOTCache=/usr/lib/tether/lib/tether.aot\n") || text.contains("-XX:SharedArchiveFile=/usr/lib/tether/lib/"),
                text);
        assertFalse(text.contains(copy.toString()), "every path names the new place: " + text);
        assertEquals(99, version().exit(), "a file for another place is not this tree's");

        Run.Result spaced = Run.of(Map.of(), "", copy.resolve("libexec/tether-java").toString(), "relocate", "/opt/my tether");
        assertEquals(0, spaced.exit(), spaced.toString());
        assertTrue(spaced.stderr().contains("plugins start through tether-plugin"), spaced.toString());
        assertFalse(Files.exists(copy.resolve("lib/plugin.args")), "no file that the JVM would split");
        Run.Result relative = Run.of(Map.of(), "", copy.resolve("libexec/tether-java").toString(), "relocate", "opt/tether");
        assertEquals(2, relative.exit(), relative.toString());
        assertTrue(relative.stderr().contains("must be an absolute path"), relative.toString());
    }
}
