package dev.tether.cni.plugins.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.LabTest;
import dev.tether.natives.nft.Nftables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Concurrent ADDs and DELs on a bridge that does not exist yet: in one JVM (as in the daemon)
 * and in separate exec'd plugin processes (BridgeMain), which race to create the bridge and the
 * network's firewall rules.
 */
class BridgeConcurrencyTest extends LabTest {
    private static final int CONTAINERS = 8;

    private String config() {
        return BridgeLab.config("1.0.0", "ttnet", "ttbr0", "\"isDefaultGateway\":true,\"ipMasq\":true,\"macspoofchk\":true",
                lab.hostLocal("10.77.0.0/24"));
    }

    @Test
    void concurrentAddsAndDelsInOneJvm() throws Exception {
        List<BridgeLab.Container> containers = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            containers.add(lab.container("c" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONTAINERS);
        try {
            List<Future<Result>> adds = new ArrayList<>();
            for (int i = 0; i < CONTAINERS; i++) {
                int n = i;
                adds.add(pool.submit(() -> lab.add("ctr-" + n, containers.get(n), "eth0", config())));
            }
            List<String> addresses = new ArrayList<>();
            Set<String> hostEnds = new HashSet<>();
            for (Future<Result> add : adds) {
                Result result = add.get();
                addresses.add(Cidr.format(result.ips().get(0).address().address()));
                hostEnds.add(result.interfaces().get(1).name());
            }
            assertEquals(CONTAINERS, Set.copyOf(addresses).size(), "distinct addresses");
            assertEquals(CONTAINERS, hostEnds.size());
            assertEquals(CONTAINERS + 1, BridgeLab.links(lab.host()).size(), "the bridge and one veth per container");
            assertEquals(1, occurrences(Nftables.run(lab.host(), "list table inet tether"), "masquerade"),
                    "one rule for the network");
            assertEquals(CONTAINERS, occurrences(Nftables.run(lab.host(), "list set bridge tether mac_ports"), "tether:att:"));
            // Container 0 reaches another container (its own address would need lo, down in a fresh namespace).
            assertTrue(BridgeLab.ping(containers.get(0).name(), addresses.get(CONTAINERS - 1)));

            List<Future<?>> dels = new ArrayList<>();
            for (int i = 0; i < CONTAINERS; i++) {
                int n = i;
                dels.add(pool.submit(() -> lab.del("ctr-" + n, containers.get(n), "eth0", config())));
            }
            for (Future<?> del : dels) {
                del.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("ttbr0"), BridgeLab.links(lab.host()));
        assertEquals(List.of(), lab.leases("ttnet"));
        assertEquals(0, occurrences(Nftables.run(lab.host(), "list set bridge tether mac_ports"), "tether:att:"));
    }

    /** Three plugin processes at once, each a JVM started inside the host namespace, as a runtime would exec them. */
    @Test
    void concurrentExecdPluginProcesses() throws Exception {
        int processes = 3;
        List<BridgeLab.Container> containers = new ArrayList<>();
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            BridgeLab.Container c = lab.container("x" + i);
            containers.add(c);
            running.add(exec(lab.env("ADD", "ctr-x" + i, c, "eth0"), config()));
        }
        for (Process p : running) {
            Outcome outcome = finish(p);
            assertEquals(0, outcome.exitCode(), outcome::toString);
            Result result = Result.fromBytes(outcome.stdout(), CniVersion.V1_0_0);
            assertEquals("ttbr0", result.interfaces().get(0).name());
        }
        assertEquals(processes + 1, BridgeLab.links(lab.host()).size());
        assertEquals(processes, lab.leases("ttnet").size());
        int rules = occurrences(Nftables.run(lab.host(), "list table inet tether"), "masquerade");
        assertTrue(rules >= 1 && rules <= processes, "racing processes may duplicate the rule, harmlessly: " + rules);

        Outcome del = finish(exec(lab.env("DEL", "ctr-x0", containers.get(0), "eth0"), config()));
        assertEquals(0, del.exitCode(), del::toString);
        assertEquals(processes - 1, lab.leases("ttnet").size());
        lab.context().firewall().removeNetwork("ttnet");
        assertEquals(0, occurrences(Nftables.run(lab.host(), "list table inet tether"), "masquerade"));
    }

    /** BridgeMain as a real process in the host namespace (ip netns exec), fed the config on stdin. */
    private Process exec(Map<String, String> env, String config) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("ip", "netns", "exec", lab.hostName(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                BridgeMain.class.getName()));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().write(config.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        return process;
    }

    private static Outcome finish(Process process) throws Exception {
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Outcome(process.exitValue(), stdout, stderr);
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
