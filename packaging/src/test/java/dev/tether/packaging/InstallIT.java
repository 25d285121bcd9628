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

/** install.sh into a temporary root (never the real system): twice, the result runs, then --uninstall. */
class InstallIT {
    private static final String PREFIX = "usr/local/lib/tether";

    @TempDir
    Path root;

    private Run.Result install(String... options) {
        String[] command = Stream.concat(Stream.of(Tree.INSTALL.toString(), "--root", root.toString()), Stream.of(options))
                .toArray(String[]::new);
        return Run.of(Map.of(), "", command);
    }

    @Test
    void installTwiceThenUninstallLeavesOnlyWhatWasThere() throws Exception {
        Path conf = root.resolve("etc/cni/net.d");
        Files.createDirectories(conf);
        Path mine = Files.writeString(conf.resolve("10-mine.conflist"), "{\"mine\":true}");

        Run.Result first = install();
        assertEquals(0, first.exit(), first.toString());
        List<String> afterFirst = listing();
        Run.Result second = install();
        assertEquals(0, second.exit(), second.toString());
        assertEquals(afterFirst, listing(), "a second install changes nothing");

        Path tree = root.resolve(PREFIX);
        assertTrue(Files.isRegularFile(tree.resolve("BUILD-INFO")) && Files.isExecutable(tree.resolve("runtime/bin/java")));
        for (String plugin : List.of("tether-bridge", "tether-ipam")) {
            Path link = root.resolve("opt/cni/bin").resolve(plugin);
            assertTrue(Files.isSymbolicLink(link), plugin + " is a link into the tree");
            assertEquals(tree.resolve("libexec/tether-fwd").toRealPath(), link.toRealPath(), plugin + " resolves inside the root");
        }
        assertEquals(tree.resolve("bin/tether").toRealPath(), root.resolve("usr/local/bin/tether").toRealPath());
        String unit = Files.readString(root.resolve("etc/systemd/system/tether.service"));
        assertTrue(unit.contains("ExecStart=/usr/local/lib/tether/bin/tether daemon"), unit);
        assertEquals(Files.readString(Tree.ROOT.resolve("examples/tether.conflist")), Files.readString(conf.resolve("tether.conflist")));

        assertEquals("# tether-root /usr/local/lib/tether", Files.readAllLines(tree.resolve("lib/plugin.args")).get(0),
                "the plugins' JVM arguments name the place the system will see");
        // The installed plugin runs, on its archive, from its new place (the AOT cache is relocatable).
        Run.Result version = Run.of(Map.of("CNI_COMMAND", "VERSION", "TETHER_SOCKET", root.resolve("none.sock").toString(),
                        "JDK_JAVA_OPTIONS", "aot".equals(Tree.buildInfo().getProperty("archive")) ? Tree.strictArchiveOption() : ""),
                "{\"cniVersion\":\"0.4.0\"}", root.resolve("opt/cni/bin/tether-ipam").toString());
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.stdout().contains("\"cniVersion\":\"0.4.0\""), version.toString());
        Run.Result cli = Run.of(Map.of(), "", root.resolve("usr/local/bin/tether").toString(), "--version");
        assertEquals(0, cli.exit(), cli.toString());
        assertTrue(cli.stdout().startsWith("tether "), cli.toString());

        Run.Result uninstall = install("--uninstall");
        assertEquals(0, uninstall.exit(), uninstall.toString());
        assertEquals(0, install("--uninstall").exit(), "a second uninstall finds nothing to do");
        try (Stream<Path> left = Files.walk(root)) {
            assertEquals(List.of(mine), left.filter(p -> !Files.isDirectory(p)).toList(), "only the file that was there before is left");
        }
        assertEquals("{\"mine\":true}", Files.readString(mine));
    }

    @Test
    void anExistingConflistIsKeptAndOtherDirectoriesCanBeChosen() throws Exception {
        Path conf = Files.createDirectories(root.resolve("etc/cni/net.d"));
        Files.writeString(conf.resolve("tether.conflist"), "{\"edited\":true}");
        Run.Result result = install("--prefix", "/opt/tether", "--cni-bin-dir", "/usr/lib/cni", "--bin-dir", "/usr/bin",
                "--unit-dir", "/lib/systemd/system");
        assertEquals(0, result.exit(), result.toString());
        assertEquals("{\"edited\":true}", Files.readString(conf.resolve("tether.conflist")), "never overwritten");
        assertTrue(result.stdout().contains("kept your /etc/cni/net.d/tether.conflist"), result.stdout());
        assertTrue(Files.isSymbolicLink(root.resolve("usr/lib/cni/tether-bridge")));
        assertTrue(Files.readString(root.resolve("lib/systemd/system/tether.service")).contains("ExecStart=/opt/tether/bin/tether daemon"));
        assertEquals(0, install("--prefix", "/opt/tether", "--uninstall").exit());
        assertFalse(Files.exists(root.resolve("usr/lib/cni/tether-bridge"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("opt/tether")));
        assertEquals("{\"edited\":true}", Files.readString(conf.resolve("tether.conflist")), "never removed");
    }

    @Test
    void badOptionsAreRefusedWithOneLine() {
        Run.Result relative = install("--prefix", "relative/tether");
        assertEquals(1, relative.exit(), relative.toString());
        assertTrue(relative.stderr().contains("not an absolute path"), relative.toString());
        Run.Result notOurs = install("--prefix", "/usr");
        assertEquals(1, notOurs.exit(), notOurs.toString());
        assertTrue(notOurs.stderr().contains("must be a directory of Tether's own"), notOurs.toString());
        assertEquals(2, install("--frobnicate").exit());
        for (String[] missing : new String[][] {{"--conf-dir"}, {"--prefix", "--no-conflist"}}) {
            Run.Result noValue = install(missing);
            assertEquals(2, noValue.exit(), noValue.toString());
            assertTrue(noValue.stderr().startsWith("install.sh: " + missing[0] + " needs a directory\nusage: install.sh "),
                    noValue.toString());
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p) + (Files.isSymbolicLink(p) ? " -> " + readLink(p) : "")).sorted().toList();
        }
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }
}
