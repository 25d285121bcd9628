package dev.tether.natives.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.testing.TestNamespaces;

/**
 * Eight threads build eight host/container pairs at once, all with the same link names and
 * addresses: every link must land in its own namespace and every TCP connection must reach its
 * own pair's server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentNamespacesTest {
    private static final int PAIRS = 8;
    private final TestNamespaces namespaces = new TestNamespaces();

    @AfterEach
    void cleanUp() {
        namespaces.close();
    }

    @Test
    void eightThreadsInEightNamespacePairsDoNotInterfere() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(PAIRS);
        CyclicBarrier start = new CyclicBarrier(PAIRS);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < PAIRS; i++) {
                String token = "pair" + i;
                results.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    BridgedPair pair = new BridgedPair(namespaces, "c" + token.charAt(4));
                    pair.build();
                    assertEquals(Set.of("lo", "br0", "veth0"), linkNames(list(pair, true)));
                    assertEquals(Set.of("lo", "eth0"), linkNames(list(pair, false)));
                    String v4 = pair.exchange(BridgedPair.SERVICE_V4, token);
                    String v6 = pair.exchange(BridgedPair.SERVICE_V6, token);
                    assertEquals(token + "@" + pair.host.inode(), v4);
                    assertEquals(v4, v6);
                    return v4;
                }));
            }
            Set<String> answers = new TreeSet<>();
            for (Future<String> result : results) {
                answers.add(result.get(100, TimeUnit.SECONDS));
            }
            assertEquals(PAIRS, answers.size());
        } finally {
            threads.shutdownNow();
        }
    }

    /** Lists links through a fresh netlink handle opened from this thread. */
    private static List<Link> list(BridgedPair pair, boolean host) {
        try (Netlink nl = Netlink.open(host ? pair.host : pair.container)) {
            return nl.links().list();
        }
    }

    private static Set<String> linkNames(List<Link> links) {
        Set<String> names = new TreeSet<>();
        links.forEach(l -> names.add(l.name()));
        return names;
    }
}
