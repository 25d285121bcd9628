package dev.tether.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.natives.testing.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exec'd call that has nothing to log never sets slf4j up: its classes make their loggers on
 * first use, as setting slf4j up costs each call ~5 ms of CPU (README, Figures). Nor, on a JDK 24+
 * runtime, does it load the runtime's security properties (~3 ms), which InetAddress would read
 * for jdk.includeInExceptions unless the launcher gives it as a system property. Nor does it call a
 * record's generated equals, hashCode or toString: each is linked at its first call through
 * ObjectMethods, which spins classes at run time (~5-10 ms; an AOT cache does not keep them), so
 * the records an exec'd call compares, hashes or prints write theirs out. Seen in the JVM's
 * own class-initialisation log of an ADD and a DEL of tether-bridge, no daemon, started as the
 * forwarder starts it (runtime/bin/java @lib/plugin.args --no-daemon=SOCKET TYPE) but with the
 * file's logging options left out: they turn every JVM log off, this one included.
 */
class QuietStartIT {
    private static final String CONFIG = "{\"cniVersion\":\"1.1.0\",\"name\":\"tt-quiet\",\"type\":\"tether-bridge\","
            + "\"bridge\":\"ttquiet0\",\"isGateway\":true,\"ipMasq\":false,"
            + "\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.63.0.0/24\"}}";

    @TempDir
    Path dir;

    @Test
    void anAddAndADelThatLogNothingDoNotStartSlf4jNorReadTheSecurityPropertiesNorLinkRecordMethods() throws Exception {
        try (TestNamespaces ns = new TestNamespaces()) {
            ns.create("quiet-h");
            ns.create("quiet-c");
            List<String> names = ns.names();
            Path args = dir.resolve("plugin.args");
            Files.write(args, Files.readAllLines(Tree.ROOT.resolve("lib/plugin.args")).stream()
                    .filter(line -> !line.startsWith("-Xlog")).toList());
            String socket = dir.resolve("no-daemon.sock").toString();
            boolean aot = "aot".equals(Tree.buildInfo().getProperty("archive"));
            for (String command : List.of("ADD", "DEL")) {
                Path initLog = dir.resolve(command + "-init.log");
                Map<String, String> env = Calls.env(command, "quiet-1", names.get(1), Map.of(
                        "TETHER_SOCKET", socket, "TETHER_DATA_DIR", dir.resolve("data").toString()));
                Run.Result call = Run.in(names.get(0), env, CONFIG, Tree.ROOT.resolve("runtime/bin/java").toString(),
                        "-Xlog:class+init=info:file=" + initLog, "@" + args, "--no-daemon=" + socket, "tether-bridge");
                assertEquals(0, call.exit(), command + ": " + call);
                assertEquals("", call.stderr(), command + " printed nothing on stderr");

                String log = Files.readString(initLog);
                assertTrue(log.contains("'dev/tether/ipam/store/IpamStore'"), command + " opened the store in this JVM: " + initLog);
                assertFalse(log.contains("'org/slf4j/LoggerFactory'"), command + " set slf4j up though it logged nothing");
                assertFalse(log.contains("'java/lang/runtime/ObjectMethods'"),
                        command + " linked a record's generated equals, hashCode or toString");
                if (aot) { // JDK 17 (the AppCDS fallback) reads them for java.util.logging's set-up all the same
                    assertFalse(log.contains("'java/security/Security'"), command + " loaded the security properties");
                }
            }
        }
    }
}
