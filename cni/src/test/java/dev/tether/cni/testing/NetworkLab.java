package dev.tether.cni.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.cli.CliRun;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.nft.Nftables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link BridgeLab} driven through {@code tether network}: every command runs in this JVM
 * against the lab's host namespace ({@code --host-netns}) with the lab's own config directory,
 * result cache, data directory and (absent unless started) daemon socket.
 */
public final class NetworkLab implements AutoCloseable {
    private final BridgeLab lab;
    private final Path configDir;
    private final Path cacheDir;
    private final Path dataDir;
    private final Path socket;

    public NetworkLab(Path dir) {
        this.lab = new BridgeLab(dir);
        this.configDir = dir.resolve("net.d");
        this.cacheDir = dir.resolve("cni-cache");
        this.dataDir = dir.resolve("data");
        this.socket = dir.resolve("tether.sock");
    }

    public BridgeLab lab() {
        return lab;
    }

    public Path configDir() {
        return configDir;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path socket() {
        return socket;
    }

    public Path hostPath() {
        return NetNs.RUN_DIR.resolve(lab.hostName());
    }

    /** {@code tether network ARGS...} with the lab's options. */
    public CliRun network(String... args) {
        List<String> all = new ArrayList<>(List.of("network"));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--host-netns", hostPath().toString(), "--config-dir", configDir.toString(),
                "--cache-dir", cacheDir.toString(), "--data-dir", dataDir.toString(), "--socket", socket.toString(),
                "--cni-path", lab.cniPath().toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Creates a network, which must succeed; returns its ID. */
    public String create(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("create", name));
        args.addAll(Arrays.asList(options));
        return network(args.toArray(String[]::new)).ok().strip();
    }

    /** Connects a new container "TAG" (ID "ctr-TAG") to the network, which must succeed. */
    public BridgeLab.Container connectNew(String network, String tag, String... options) {
        BridgeLab.Container container = lab.container(tag);
        connect(network, container, "ctr-" + tag, options);
        return container;
    }

    public void connect(String network, BridgeLab.Container container, String id, String... options) {
        List<String> args = new ArrayList<>(List.of("connect", network, container.path().toString(), "--container", id));
        args.addAll(Arrays.asList(options));
        network(args.toArray(String[]::new)).ok();
    }

    /** The inspect object of one network. */
    public JsonNode inspect(String name) throws Exception {
        return network("inspect", name).json().get(0);
    }

    /** The first address of a container interface, from the IPAM store as inspect shows it. */
    public String address(String network, String containerId, String ifName) throws Exception {
        for (JsonNode c : inspect(network).get("containers")) {
            if (c.get("container").asText().equals(containerId) && c.get("ifname").asText().equals(ifName)) {
                String address = c.get("addresses").get(0).asText();
                return address.substring(0, address.indexOf('/'));
            }
        }
        throw new AssertionError(containerId + " " + ifName + " is not on " + network);
    }

    /** The host's Tether table (empty text when there is none). */
    public String inetTable() {
        try {
            return Nftables.run(lab.host(), "list table inet tether");
        } catch (dev.tether.natives.libc.NotFoundException none) {
            return "";
        }
    }

    /** See {@link BridgeLab#outside()}. */
    public BridgeLab.Container outside() {
        return lab.outside();
    }

    @Override
    public void close() {
        lab.close();
    }
}
