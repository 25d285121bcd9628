package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb: its control data, its files in Debian's places, and that its plugins run once unpacked. */
class DebIT {
    @TempDir
    Path dir;

    private static Path deb() throws IOException {
        try (Stream<Path> files = Files.list(Tree.BUILD)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("tether_.*\\.deb")).toList();
            assertEquals(1, debs.size(), "one .deb in " + Tree.BUILD + ": " + debs);
            return debs.get(0);
        }
    }

    @Test
    void theDebHoldsTheTreeInDebiansPlaces() throws Exception {
        Path deb = deb();
        String control = Run.ok("dpkg-deb", "--field", deb.toString());
        assertTrue(control.contains("Package: tether"), control);
        assertTrue(control.contains("Version: " + Tree.buildInfo().getProperty("version").replace("-SNAPSHOT", "~SNAPSHOT")), control);
        assertTrue(control.contains("Depends: libc6, libnftables1"), control);
        String contents = Run.ok("dpkg-deb", "--contents", deb.toString());
        for (String path : List.of("./usr/lib/tether/bin/tether", "./usr/lib/tether/libexec/tether-fwd",
                "./usr/lib/tether/runtime/bin/java", "./usr/lib/tether/lib/tether.jar", "./lib/systemd/system/tether.service",
                "./usr/lib/tether/examples/tether.conflist")) {
            assertTrue(contents.contains(path), path + " in\n" + contents);
        }
        assertTrue(contents.contains("./usr/lib/cni/tether-bridge -> ../tether/cni/tether-bridge"), contents);
        assertTrue(contents.contains("./usr/bin/tether -> ../lib/tether/bin/tether"), contents);
        assertTrue(contents.contains("root/root"), "files owned by root: " + contents.lines().findFirst().orElse(""));
        assertFalse(contents.contains("install.manifest"), contents);
        String scripts = Run.ok("dpkg-deb", "--info", deb.toString());
        assertTrue(scripts.contains("postinst") && scripts.contains("prerm"), scripts);
    }

    @Test
    void theUnpackedPackageRuns() throws Exception {
        Run.ok("dpkg-deb", "--extract", deb().toString(), dir.toString());
        assertEquals("# tether-root /usr/lib/tether", Files.readAllLines(dir.resolve("usr/lib/tether/lib/plugin.args")).get(0));
        String unit = Files.readString(dir.resolve("lib/systemd/system/tether.service"));
        assertTrue(unit.contains("ExecStart=/usr/lib/tether/bin/tether daemon"), unit);
        Run.Result version = Run.of(Map.of("CNI_COMMAND", "VERSION", "TETHER_SOCKET", dir.resolve("none.sock").toString()),
                "{\"cniVersion\":\"1.0.0\"}", dir.resolve("usr/lib/cni/tether-bridge").toString());
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.stdout().contains("\"supportedVersions\""), version.toString());
    }
}
