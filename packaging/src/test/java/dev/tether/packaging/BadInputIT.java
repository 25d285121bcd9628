package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.natives.testing.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the installed plugins, with and without a daemon: a CNI error object on stdout
 * (the spec's code, a message), a non-zero exit, and no stack trace anywhere.
 */
class BadInputIT {
    @TempDir
    Path dir;

    @Test
    void badCallsGetErrorObjectsWithAndWithoutTheDaemon() throws Exception {
        try (TestNamespaces ns = new TestNamespaces()) {
            ns.create("bad-h");
            ns.create("bad-c");
            String host = ns.names().get(0);
            String container = ns.names().get(1);
            Path unknown = Files.createSymbolicLink(dir.resolve("tether-nope"), Tree.ROOT.resolve("libexec/tether-fwd"));
            Map<String, String> embedded = Map.of("TETHER_SOCKET", dir.resolve("none.sock").toString(),
                    "TETHER_DATA_DIR", dir.resolve("data").toString());
            expectErrors(host, container, unknown, embedded);
            try (Daemon daemon = Daemon.start(host, dir.resolve("d"))) {
                expectErrors(host, container, unknown, Map.of("TETHER_SOCKET", daemon.socket.toString(),
                        "TETHER_PLUGIN_LAUNCHER", "/bin/false"));
                assertTrue(daemon.answers(), "bad calls do not hurt the daemon");
            }
        }
    }

    private void expectErrors(String host, String container, Path unknown, Map<String, String> extra) {
        String bridge = Tree.plugin("tether-bridge").toString();
        String good = "{\"cniVersion\":\"1.0.0\",\"name\":\"tt-bad\",\"type\":\"tether-bridge\",\"bridge\":\"ttbad0\","
                + "\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.63.0.0/24\"}}";
        Map<String, String> add = Calls.env("ADD", "bad-1", container, extra);
        expectError(6, Run.in(host, add, "{not json", bridge), "garbage on stdin: decoding failure");
        expectError(7, Run.in(host, add, good.replace("10.63.0.0/24", "10.63.0.0/99"), bridge), "bad subnet: invalid config");
        Map<String, String> noCommand = new HashMap<>(add);
        noCommand.remove("CNI_COMMAND");
        expectError(4, Run.in(host, noCommand, good, bridge), "no CNI_COMMAND: invalid environment");
        Map<String, String> noNetns = Calls.env("ADD", "bad-1", "tt-no-such-namespace", extra);
        expectError(-1, Run.in(host, noNetns, good, bridge), "a namespace that does not exist");
        expectError(-1, Run.in(host, add, good.replace("tether-bridge", "tether-nope"), unknown.toString()),
                "a plugin type Tether does not have");
    }

    /** @param code the expected CNI code, or -1 for any */
    private static void expectError(int code, Run.Result result, String what) {
        assertNotEquals(0, result.exit(), what + ": " + result);
        JsonNode error = Calls.json(result.stdout());
        assertTrue(error.path("code").isInt() && error.path("msg").isTextual(), what + ": an error object: " + result);
        if (code >= 0) {
            assertEquals(code, error.path("code").asInt(), what + ": " + result);
        }
        for (String output : new String[] {result.stdout(), result.stderr()}) {
            assertFalse(output.contains("\tat ") || output.contains("Exception in thread"), what + ": no stack trace: " + result);
        }
    }
}
