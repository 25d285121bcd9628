package dev.tether.cni.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.net.Namespace;
import dev.tether.natives.testing.TestNamespaces;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Creates racing on one config directory: each name once, each subnet once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrentCreateTest {
    @TempDir
    Path dir;

    @Test
    void concurrentCreatesTakeDistinctNamesAndSubnets() throws Exception {
        ConfigDir configDir = new ConfigDir(dir);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (TestNamespaces namespaces = new TestNamespaces(); Namespace host = Namespace.of(namespaces.create("host"))) {
            NetworkCreator creator = new NetworkCreator(configDir, host, Clock.systemUTC());
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String name = "n" + (i % 6); // every name twice
                results.add(pool.submit(() -> {
                    try {
                        return creator.create(CreateRequest.named(name)).subnets().get(0).subnet().toString();
                    } catch (NetworkException e) {
                        return e.getMessage();
                    }
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get());
            }
            assertEquals(6, outcomes.stream().filter(o -> o.contains(" exists (")).count(), outcomes.toString());
            List<String> subnets = outcomes.stream().filter(o -> !o.contains(" exists (")).toList();
            assertEquals(6, subnets.stream().distinct().count(), outcomes.toString());
            assertTrue(subnets.contains("172.17.0.0/16") && subnets.contains("172.22.0.0/16"), subnets.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(6, configDir.scan().networks().size());
    }
}
