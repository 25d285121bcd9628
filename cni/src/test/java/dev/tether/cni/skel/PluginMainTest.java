package dev.tether.cni.skel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.RecordingPlugin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binding of a plugin to a process: streams, exit code, and a real exec'd JVM. */
class PluginMainTest {
    @TempDir
    Path dir;

    @Test
    void serveWritesStdoutStderrAndReturnsTheExitCode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RecordingPlugin plugin = new RecordingPlugin("tt", r -> {
            r.stderr().println("log line");
            throw new IllegalArgumentException("nope");
        });
        int code = PluginMain.serve(new PluginRunner(plugin), Map.of("CNI_COMMAND", "STATUS"),
                new ByteArrayInputStream(Fixtures.bytes("{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"type\":\"t\"}")),
                out, err, false);

        assertEquals(1, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("{\"cniVersion\":\"1.1.0\",\"code\":999"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("log line"));
    }

    @Test
    void interactiveVersionDoesNotWaitForStdin() {
        InputStream neverEnds = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("stdin must not be read");
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PluginMain.serve(new PluginRunner(RecordingPlugin.passingThrough("tt", Result.EMPTY)),
                Map.of("CNI_COMMAND", "VERSION"), neverEnds, out, new ByteArrayOutputStream(), true);
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("supportedVersions"));
    }

    /** The real process: exit code, nothing but the error object on stdout, stray System.out moved to stderr. */
    @Test
    void anExecdPluginProcessFollowsTheProtocol() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), ExecTestPlugin.class.getName()));
        builder.environment().put("CNI_COMMAND", "ADD");
        builder.environment().put("CNI_CONTAINERID", "ctr-1");
        builder.environment().put("CNI_NETNS", Fixtures.fakeNetns(dir).toString());
        builder.environment().put("CNI_IFNAME", "eth0");
        Process process = builder.start();
        process.getOutputStream().write(Fixtures.bytes(
                "{\"cniVersion\":\"0.3.1\",\"name\":\"n\",\"type\":\"tt-exec\"}"));
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));

        assertEquals(0, process.exitValue(), new String(stderr, StandardCharsets.UTF_8));
        Result result = Result.fromBytes(stdout, dev.tether.cni.spec.CniVersion.V0_3_1);
        assertEquals("10.1.0.5/16", result.ips().get(0).address().toString());
        assertTrue(new String(stderr, StandardCharsets.UTF_8).contains("stray println"));
    }
}
