package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree's bin/tether: the demo runs and cleans up; mistakes get one line, not a stack trace. */
class CommandIT {
    @TempDir
    Path dir;

    @Test
    void theDemoConnectsTwoContainersAndLeavesNothingBehind() {
        Run.Result demo = Run.of(Map.of(), "", Tree.TETHER.toString(), "demo");
        assertEquals(0, demo.exit(), demo.toString());
        assertTrue(demo.stdout().contains("echo answered"), demo.stdout());
        assertTrue(demo.stdout().contains("a answered \"hello from a\""), demo.stdout());
        assertTrue(demo.stdout().contains("nothing is left behind"), demo.stdout());
        assertFalse(Run.ok("ip", "netns", "list").contains("tether-demo-"), "the demo's namespaces are gone");
    }

    @Test
    void mistakesGetOneLine() throws Exception {
        Run.Result unknown = Run.of(Map.of(), "", Tree.TETHER.toString(), "frobnicate");
        assertEquals(2, unknown.exit(), unknown.toString());
        assertEquals(1, unknown.stderr().strip().lines().count(), unknown.toString());
        assertTrue(unknown.stderr().contains("unknown command 'frobnicate'"), unknown.toString());

        java.nio.file.Files.writeString(dir.resolve("file"), "not a directory");
        Run.Result badSocket = Run.of(Map.of(), "", Tree.TETHER.toString(), "daemon", "--socket",
                dir.resolve("file/tether.sock").toString(), "--data-dir", dir.resolve("data").toString());
        assertEquals(1, badSocket.exit(), badSocket.toString());
        assertFalse(badSocket.stderr().contains("\tat "), badSocket.toString());
        assertTrue(badSocket.stderr().lines().anyMatch(line -> line.startsWith("tether: error: ")), badSocket.toString());
    }
}
