package dev.tether.cni.plugins.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.IpamStores;
import dev.tether.cni.testing.PluginProcess;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.Netlink;
import dev.tether.natives.rtnl.addr.Addr;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference Go bridge plugin with {@code "ipam": {"type": "tether-ipam"}}: it execs our
 * executable from CNI_PATH (a shell script running IpamMain) and puts the address it gets on the
 * container's interface. The bridge runs in a "host" namespace this test made, the container is
 * another; both are deleted afterwards, with everything the bridge created in them.
 */
class ReferenceBridgeInteropTest {
    private static final Path BRIDGE = Fixtures.REFERENCE_PLUGINS.resolve("bridge");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final String suffix = HexFormat.of().formatHex(randomBytes());
    private final String hostName = "tt-ih-" + suffix;
    private final String containerName = "tt-ic-" + suffix;
    private NetNs host;
    private NetNs container;
    private Path data;
    private Path cniPath;

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(BRIDGE), "the reference plugins (containernetworking-plugins) are not installed");
        host = NetNs.create(hostName);
        container = NetNs.create(containerName);
        data = dir.resolve("data");
        cniPath = Files.createDirectories(dir.resolve("cni"));
        String command = PluginProcess.command(IpamMain.class, dir.resolve("jvm-tmp")).stream()
                .map(arg -> "'" + arg.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        Files.createDirectories(dir.resolve("jvm-tmp"));
        Path script = Files.writeString(cniPath.resolve(IpamPlugin.TYPE), "#!/bin/sh\nexec " + command + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void deleteNamespaces() {
        for (NetNs ns : new NetNs[] {host, container}) {
            if (ns != null) {
                ns.close();
            }
        }
        for (String name : List.of(hostName, containerName)) {
            try {
                NetNs.delete(name);
            } catch (NotFoundException gone) {
                // not created
            }
        }
    }

    private String config(String prevResult) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"ttinterop\",\"type\":\"bridge\",\"bridge\":\"tt-br" + suffix.substring(0, 6)
                + "\",\"isGateway\":true,\"ipam\":{\"type\":\"tether-ipam\",\"dataDir\":\"" + data + "\","
                + "\"subnet\":\"10.123.45.0/24\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}"
                + (prevResult == null ? "" : ",\"prevResult\":" + prevResult) + "}";
    }

    /** Runs the reference bridge inside the host namespace: a process spawned from a thread there starts there. */
    private PluginProcess.Finished bridge(String command, String config) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "interop-1");
        env.put("CNI_NETNS", NetNs.RUN_DIR.resolve(containerName).toString());
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", cniPath.toString());
        env.put("TETHER_SOCKET", dir.resolve("no-daemon.sock").toString());
        ProcessBuilder builder = new ProcessBuilder(BRIDGE.toString());
        builder.environment().putAll(env);
        Process process = host.call(builder::start);
        try (var in = process.getOutputStream()) {
            in.write(Fixtures.bytes(config));
        }
        return PluginProcess.finish(process, 120);
    }

    private JsonNode ls() throws Exception {
        StringWriter out = new StringWriter();
        int code = dev.tether.cni.cli.TetherCli.run(new String[] {"ipam", "ls", "--json", "--data-dir", data.toString(),
            "--socket", dir.resolve("no-daemon.sock").toString()}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, code);
        return JSON.readTree(out.toString());
    }

    @Test
    void theReferenceBridgeGetsItsAddressFromTetherIpamAndReleasesItOnDel() throws Exception {
        PluginProcess.Finished added = bridge("ADD", config(null));
        assertEquals(0, added.exitCode(), added.stdout() + added.stderr());
        JsonNode result = JSON.readTree(added.stdout());
        assertEquals("10.123.45.2/24", result.path("ips").get(0).path("address").asText(), added.stdout());
        assertEquals("10.123.45.1", result.path("ips").get(0).path("gateway").asText());

        try (Netlink inside = Netlink.open(container)) {
            int eth0 = inside.links().indexOf("eth0");
            List<String> addresses = inside.addresses().list(eth0, Family.IPV4).stream()
                    .map(Addr::prefix).map(Object::toString).toList();
            assertEquals(List.of("10.123.45.2/24"), addresses, "the address is on the container's interface");
        }
        JsonNode leases = ls();
        assertEquals(1, leases.size(), leases.toString());
        assertEquals("interop-1", leases.get(0).path("container").asText());
        assertEquals("eth0", leases.get(0).path("ifname").asText());
        assertEquals("[\"10.123.45.2/24\"]", leases.get(0).path("addresses").toString());

        PluginProcess.Finished checked = bridge("CHECK", config(added.stdout().strip()));
        assertEquals(0, checked.exitCode(), "CHECK through the bridge reaches tether-ipam: " + checked.stdout() + checked.stderr());

        PluginProcess.Finished deleted = bridge("DEL", config(added.stdout().strip()));
        assertEquals(0, deleted.exitCode(), deleted.stdout() + deleted.stderr());
        assertEquals(0, ls().size(), "DEL frees the address");
        assertEquals(List.of(), IpamStores.leases(data));
    }
}
