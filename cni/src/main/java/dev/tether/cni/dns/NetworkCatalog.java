package dev.tether.cni.dns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.plugins.bridge.BridgePlugin;
import dev.tether.cni.plugins.ipam.IpamPlugin;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.PluginEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tether networks of a CNI config dir: configuration files (.conflist, or single-plugin
 * .conf/.json) whose first plugin is tether-bridge with tether-ipam, each with the data dir of
 * its leases. A file is parsed again only when it changed; one that does not parse is skipped
 * (the runtime will report it). Used from one thread.
 */
final class NetworkCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkCatalog.class);
    private static final List<String> SUFFIXES = List.of(".conflist", ".conf", ".json");

    /**
     * A Tether network: its name, the ipam section's dataDir (null: the daemon's), and whether it
     * is internal (tether-bridge {@code "internal": true}: no traffic in or out of the bridge).
     */
    record Network(String name, Path dataDir, boolean internal) {}

    private record Parsed(FileTime modified, long size, Optional<Network> network) {}

    private final Path dir;
    private final Map<Path, Parsed> parsed = new HashMap<>();

    NetworkCatalog(Path dir) {
        this.dir = dir;
    }

    /** The networks by name; when two files name the same network, the first in libcni's order wins. */
    Map<String, Network> scan() {
        Map<String, Network> networks = new LinkedHashMap<>();
        Map<Path, Parsed> seen = new HashMap<>();
        for (Path file : files()) {
            Parsed entry = parse(file);
            seen.put(file, entry);
            entry.network().ifPresent(n -> networks.putIfAbsent(n.name(), n));
        }
        parsed.keySet().retainAll(seen.keySet());
        return networks;
    }

    /** .conflist files first, then .conf and .json, each in name order (libcni's lookup order). */
    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        for (String suffix : SUFFIXES) {
            List<Path> some = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + suffix)) {
                entries.forEach(some::add);
            } catch (IOException e) {
                LOG.debug("cannot list {}: {}", dir, e.toString());
            }
            some.sort(null);
            files.addAll(some);
        }
        return files;
    }

    private Parsed parse(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return new Parsed(null, -1, Optional.empty());
        }
        Parsed known = parsed.get(file);
        if (known != null && attributes.lastModifiedTime().equals(known.modified()) && attributes.size() == known.size()) {
            return known;
        }
        Parsed fresh = new Parsed(attributes.lastModifiedTime(), attributes.size(), read(file));
        parsed.put(file, fresh);
        return fresh;
    }

    private static Optional<Network> read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            NetworkConfigList list = file.toString().endsWith(".conflist") ? NetworkConfigList.parse(bytes)
                    : NetworkConfigList.fromSingleConfig(bytes);
            return list.plugins().isEmpty() ? Optional.empty() : tetherNetwork(list.name(), list.plugins().get(0));
        } catch (IOException | CniException e) {
            LOG.debug("skipping {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Network> tetherNetwork(String name, PluginEntry first) {
        JsonNode ipam = first.raw().path("ipam");
        if (!first.type().equals(BridgePlugin.TYPE) || !ipam.path("type").asText().equals(IpamPlugin.TYPE)) {
            return Optional.empty();
        }
        String dataDir = ipam.path("dataDir").asText("");
        return Optional.of(new Network(name, dataDir.isBlank() ? null : Path.of(dataDir.strip()),
                first.raw().path("internal").asBoolean(false)));
    }
}
