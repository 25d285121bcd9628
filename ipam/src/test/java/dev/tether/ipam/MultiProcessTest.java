package dev.tether.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tether.ipam.child.ChildJvm;
import dev.tether.ipam.store.Lease;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many processes on one store file: the file lock serializes them; kill -9 loses nothing committed. */
class MultiProcessTest {
    private static final int PROCESSES = 16;

    @TempDir
    Path dir;
    @TempDir
    Path jvmTmp;

    /**
     * 16 processes: enough to queue on the lock here; the 64 a runtime may start at once are run
     * through the real tether-ipam executable by the cni module's IpamProcessTest.
     */
    @Test
    void processesOpeningTheStoreAtOnceGetDistinctAddresses() throws Exception {
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                children.add(ChildJvm.start(jvmTmp, "add", dir.toString(), "proc-" + i));
            }
            Set<String> addresses = new HashSet<>();
            for (Process p : children) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
                assertEquals(0, p.exitValue(), "child failed: " + out);
                String[] lines = out.split("\n");
                addresses.add(lines[lines.length - 1].trim());
            }
            assertEquals(PROCESSES, addresses.size(), "distinct addresses: " + addresses);
            List<Lease> leases = Fixtures.assertConsistent(dir);
            assertEquals(PROCESSES, leases.size());
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void killDashNineAtRandomPointsLeavesNoHalfWrittenLeaseAndNoDuplicate() throws Exception {
        Random random = new Random();
        Map<String, String> expected = new HashMap<>();
        int totalOps = 0;
        for (int r = 0; r < 6; r++) {
            int round = r;
            Process child = ChildJvm.start(jvmTmp, "churn", dir.toString(), "r" + round);
            ChildOutput output = new ChildOutput(child);
            try {
                if (round % 3 == 2) {
                    Thread.sleep(100 + random.nextInt(600)); // may land in start-up, WAL replay or work
                } else {
                    // A count of operations rather than a time: a loaded machine slows the child,
                    // not the test's reach into its work.
                    output.awaitOperations(10 + random.nextInt(40), 60_000);
                    Thread.sleep(random.nextInt(20));
                }
            } finally {
                // SIGKILL through the handle: Process.destroyForcibly would also close our end of
                // the child's stdout, and lines not yet read (operations it committed) would be lost.
                child.toHandle().destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child dies on SIGKILL");
            }
            List<String> lines = output.finish();
            totalOps += lines.size();
            Map<String, String> actual = leases(Fixtures.assertConsistent(dir));
            Map<String, String> replayed = replay(expected, lines);
            // Each printed line was committed; at most the one operation in flight when killed
            // may be committed without its line.
            Set<String> differ = new HashSet<>(actual.keySet());
            differ.addAll(replayed.keySet());
            differ.removeIf(id -> actual.containsKey(id) == replayed.containsKey(id)
                    && (replayed.get(id) == null || replayed.get(id).equals(actual.get(id))));
            assertTrue(differ.size() <= 1, () -> "round " + round + ": store and committed log differ: "
                    + differ.stream().map(id -> id + " (store " + actual.get(id) + ", log " + replayed.get(id) + ")").toList()
                    + "; the child's last output: " + output.tail(8));
            assertEquals(actual.size(), new HashSet<>(actual.values()).size(), "duplicate address");
            expected = actual;
        }
        assertTrue(totalOps > 20, "the children did work: " + totalOps);
    }

    private static Map<String, String> leases(List<Lease> leases) {
        Map<String, String> m = new HashMap<>();
        for (Lease l : leases) {
            m.put(l.key().containerId(), l.addresses().get(0).ip().toString());
        }
        return m;
    }

    /** Applies "add ID IP" / "del ID" lines; an IP cut short by the kill is recorded as null. */
    private static Map<String, String> replay(Map<String, String> start, List<String> lines) {
        Map<String, String> m = new HashMap<>(start);
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            if (f.length >= 2 && f[0].equals("add")) {
                m.put(f[1], f.length == 3 && f[2].matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? f[2] : null);
            } else if (f.length == 2 && f[0].equals("del")) {
                m.remove(f[1]);
            }
        }
        return m;
    }

    /** Collects a child's lines on a thread, so the child never blocks on a full pipe. */
    private static final class ChildOutput {
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;
        private volatile IOException failure;

        ChildOutput(Process p) {
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    failure = e; // a killed child's pipe ends in EOF, not in an error
                }
            });
            reader.start();
        }

        /** Waits until the child has printed {@code count} committed operations. */
        void awaitOperations(int count, long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            synchronized (lines) {
                while (lines.stream().filter(ChildOutput::isOperation).count() < count) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        fail("the child did not reach " + count + " operations: " + tail(8));
                    }
                    lines.wait(left);
                }
            }
        }

        private static boolean isOperation(String line) {
            return line.startsWith("add ") || line.startsWith("del ");
        }

        /** The last {@code n} lines the child wrote (stdout and stderr), for failure messages. */
        List<String> tail(int n) {
            synchronized (lines) {
                return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
            }
        }

        List<String> finish() throws InterruptedException {
            reader.join(30_000);
            if (reader.isAlive()) {
                fail("the child's output did not end after it died");
            }
            if (failure != null) {
                fail("reading the child's output failed", failure);
            }
            synchronized (lines) {
                return lines.stream().filter(ChildOutput::isOperation).toList();
            }
        }
    }
}
