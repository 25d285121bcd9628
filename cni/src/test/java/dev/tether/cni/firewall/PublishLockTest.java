package dev.tether.cni.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.firewall.PortForward.Protocol;
import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Publishing waits while another process holds the publish lock (plugins exec'd without a daemon). */
class PublishLockTest extends FirewallNamespaceTest {
    private static final AttachmentKey A = new AttachmentKey("lnet", "ctr-a", "eth0");

    @Test
    void aPublishWaitsForAnotherProcessHoldingTheLock() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-Dtether.publishLock=" + PublishLock.DEFAULT,
                "-cp", System.getProperty("java.class.path"), PublishLockHolder.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<List<PortForward>> publishing = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            PortForward web = new PortForward(Protocol.TCP, null, 8080, InetAddresses.parse("10.9.0.2"), 80);
            publishing = CompletableFuture.supplyAsync(
                    () -> firewall.publish(A, published -> List.of(web), List.of(IpPrefix.parse("10.9.0.0/24"))));
            Thread.sleep(700);
            assertFalse(publishing.isDone(), "published while another process held the lock");
            assertTrue(firewall.publishedPorts(A).isEmpty());

            holder.getOutputStream().close();
            assertEquals(List.of(web), publishing.get(20, TimeUnit.SECONDS));
            assertEquals(List.of(web), firewall.publishedPorts(A));
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (publishing != null) {
                // a failed assertion must not leave the publish running after the namespace is gone
                publishing.handle((published, failure) -> null).get(20, TimeUnit.SECONDS);
            }
        }
    }
}
