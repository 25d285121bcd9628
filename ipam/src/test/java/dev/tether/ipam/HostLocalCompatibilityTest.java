package dev.tether.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.ipam.config.IpamConfig;
import dev.tether.ipam.config.IpamConfigParser;
import dev.tether.ipam.store.EmbeddedStoreAccess;
import dev.tether.ipam.store.Lease;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.LeasedAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drop-in check: the same configuration and the same ADD/DEL sequence given to the reference
 * host-local binary and to Tether yield the same addresses, gateways and exhaustion.
 */
class HostLocalCompatibilityTest {
    private static final Path HOST_LOCAL = Path.of("/usr/lib/cni/host-local");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
        "\"subnet\":\"10.31.0.0/29\"",
        "\"subnet\":\"10.31.0.0/24\",\"rangeStart\":\"10.31.0.250\",\"gateway\":\"10.31.0.252\"",
        "\"ranges\":[[{\"subnet\":\"10.31.0.0/24\",\"rangeStart\":\"10.31.0.20\",\"rangeEnd\":\"10.31.0.22\"},"
                + "{\"subnet\":\"10.32.0.0/30\"}]]",
        "\"ranges\":[[{\"subnet\":\"10.31.0.0/29\"}],[{\"subnet\":\"fd31::/125\"}]]",
        "\"ranges\":[[{\"subnet\":\"fd31::/64\",\"rangeStart\":\"fd31::fffa\",\"rangeEnd\":\"fd31::ffff\"}]]",
    })
    void sameAddressesAsTheReferenceHostLocal(String ipamBody) throws Exception {
        assumeTrue(Files.isExecutable(HOST_LOCAL), "needs the reference plugins (Debian containernetworking-plugins)");
        String config = "{\"cniVersion\":\"1.0.0\",\"name\":\"compat\",\"ipam\":{\"type\":\"host-local\","
                + "\"dataDir\":\"" + tmp.resolve("host-local") + "\"," + ipamBody + "}}";
        IpamConfig parsed = IpamConfigParser.parseNetworkConfig(config.getBytes(StandardCharsets.UTF_8));
        Path data = tmp.resolve("tether");
        List<String> ops = List.of("+a", "+b", "+c", "-b", "+d", "+e", "+f", "-a", "+g", "+h", "+i", "+j");
        try (EmbeddedStoreAccess stores = new EmbeddedStoreAccess(Fixtures.options())) {
            Ipam ipam = new Ipam(stores);
            for (String op : ops) {
                String container = op.substring(1);
                LeaseKey key = new LeaseKey("compat", container, "eth0");
                if (op.startsWith("-")) {
                    hostLocal("DEL", container, config);
                    ipam.del(data, key);
                    continue;
                }
                String reference = hostLocal("ADD", container, config);
                String ours;
                try {
                    ours = describe(ipam.add(data, parsed.definition(), LeaseRequest.of(key)));
                } catch (IpamException.Exhausted e) {
                    ours = "exhausted";
                }
                assertEquals(reference, ours, "ADD " + container + " after " + ops.subList(0, ops.indexOf(op)));
            }
        }
    }

    private static String describe(Lease lease) {
        List<String> ips = new ArrayList<>();
        for (LeasedAddress a : lease.addresses()) {
            ips.add(a.address() + " gw " + a.gateway());
        }
        return String.join(", ", ips);
    }

    /** Runs host-local; returns its addresses like {@link #describe}, or "exhausted". */
    private String hostLocal(String command, String container, String config) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(HOST_LOCAL.toString());
        pb.environment().put("CNI_COMMAND", command);
        pb.environment().put("CNI_CONTAINERID", container);
        pb.environment().put("CNI_NETNS", "/proc/self/ns/net");
        pb.environment().put("CNI_IFNAME", "eth0");
        pb.environment().put("CNI_PATH", "/usr/lib/cni");
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().write(config.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (command.equals("DEL")) {
            assertEquals(0, exit, out);
            return "";
        }
        JsonNode result = Json.MAPPER.readTree(out);
        if (exit != 0) {
            assertEquals(true, result.path("msg").asText().contains("no IP addresses available")
                    || result.path("details").asText().contains("no IP addresses available"), out);
            return "exhausted";
        }
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : result.get("ips")) {
            ips.add(ip.get("address").asText() + " gw " + ip.get("gateway").asText());
        }
        return String.join(", ", ips);
    }
}
