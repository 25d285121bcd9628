package dev.tether.cni.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * libcni's result cache, in its layout and format, so that both can read each other's entries:
 * {@code <dir>/results/<network>-<containerID>-<ifname>} holding
 * {@code {"kind":"cniCacheV1","containerId","config"(base64),"ifName","networkName","netns",
 * "cniArgs":[[k,v]],"capabilityArgs":{},"result":{}}}. Files are written atomically, mode 0600.
 */
public final class ResultCache {
    public static final Path DEFAULT_DIR = Path.of("/var/lib/cni");
    public static final String KIND = "cniCacheV1";

    private final Path resultsDir;

    public ResultCache(Path cacheDir) {
        this.resultsDir = cacheDir.resolve("results");
    }

    /**
     * One cached attachment.
     *
     * @param netns may be null
     * @param config the network configuration bytes the attachment was added with
     * @param result the final ADD result as JSON (with its cniVersion); null in a bare legacy entry
     */
    public record Entry(String networkName, String containerId, String ifName, String netns, CniArgs cniArgs,
                        Map<String, JsonNode> capabilityArgs, byte[] config, ObjectNode result) {
        public Entry {
            cniArgs = cniArgs == null ? CniArgs.NONE : cniArgs;
            capabilityArgs = capabilityArgs == null ? Map.of() : Map.copyOf(capabilityArgs);
            config = config == null ? new byte[0] : config;
        }
    }

    public Path fileFor(String network, String containerId, String ifName) {
        for (String part : new String[] {network, containerId, ifName}) {
            if (part == null || part.isEmpty() || part.contains("/")) {
                throw new CniException(ErrorCode.INVALID_ENVIRONMENT, "cache file path needs network name,"
                        + " container ID and interface name without '/', got (" + network + ", "
                        + containerId + ", " + ifName + ")");
            }
        }
        return resultsDir.resolve(network + "-" + containerId + "-" + ifName);
    }

    /** @throws CniException code 5 when the entry cannot be written */
    public void put(Entry entry) {
        Path file = fileFor(entry.networkName(), entry.containerId(), entry.ifName());
        try {
            Files.createDirectories(resultsDir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path temp = Files.createTempFile(resultsDir, ".tmp-", ""); // created 0600
            try {
                Files.write(temp, Json.bytes(toJson(entry)));
                move(temp, file);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CniException(ErrorCode.IO_FAILURE, "cannot write cached result " + file + ": " + e.getMessage());
        }
    }

    /**
     * The entry of an attachment, empty when there is none. A file that is not a cniCacheV1
     * entry is read as a bare result, libcni's legacy layout.
     *
     * @throws CniException code 6 when the file holds neither
     */
    public Optional<Entry> get(String network, String containerId, String ifName) {
        Path file = fileFor(network, containerId, ifName);
        Optional<ObjectNode> json = read(file);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = json.get();
        if (!KIND.equals(node.path("kind").asText())) {
            return Optional.of(new Entry(network, containerId, ifName, null, CniArgs.NONE, Map.of(), null, node));
        }
        return Optional.of(fromJson(node));
    }

    public void delete(String network, String containerId, String ifName) {
        try {
            Files.deleteIfExists(fileFor(network, containerId, ifName));
        } catch (IOException e) {
            throw new CniException(ErrorCode.IO_FAILURE, "cannot delete cached result: " + e.getMessage());
        }
    }

    /**
     * All cniCacheV1 entries, optionally only those of one container, in file name order.
     * Unreadable files and legacy entries are skipped, as libcni does.
     */
    public List<Entry> list(String containerIdOrNull) {
        return list(containerIdOrNull, unreadable -> { });
    }

    /** As {@link #list(String)}, telling {@code unreadable} why each unreadable file was skipped. */
    public List<Entry> list(String containerIdOrNull, Consumer<String> unreadable) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(resultsDir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(resultsDir)) {
                entries.forEach(files::add);
            } catch (IOException e) {
                throw new CniException(ErrorCode.IO_FAILURE, "cannot list " + resultsDir + ": " + e.getMessage());
            }
        }
        files.sort(null);
        List<Entry> out = new ArrayList<>();
        for (Path file : files) {
            if (file.getFileName().toString().startsWith(".tmp-")) {
                continue;
            }
            try {
                Optional<ObjectNode> json = read(file);
                if (json.isEmpty() || !KIND.equals(json.get().path("kind").asText())) {
                    continue;
                }
                Entry entry = fromJson(json.get());
                if (entry.ifName().isEmpty() || entry.networkName().isEmpty()
                        || (containerIdOrNull != null && !containerIdOrNull.equals(entry.containerId()))) {
                    continue;
                }
                out.add(entry);
            } catch (CniException e) {
                // skipped, like libcni
                unreadable.accept(e.getMessage().contains(file.toString()) ? e.getMessage() : file + ": " + e.getMessage());
            }
        }
        return out;
    }

    static ObjectNode toJson(Entry entry) {
        ObjectNode node = Json.object();
        node.put("kind", KIND);
        node.put("containerId", entry.containerId());
        node.put("config", Base64.getEncoder().encodeToString(entry.config()));
        node.put("ifName", entry.ifName());
        node.put("networkName", entry.networkName());
        if (entry.netns() != null && !entry.netns().isEmpty()) {
            node.put("netns", entry.netns());
        }
        if (!entry.cniArgs().pairs().isEmpty()) {
            node.set("cniArgs", entry.cniArgs().toJson());
        }
        if (!entry.capabilityArgs().isEmpty()) {
            ObjectNode caps = node.putObject("capabilityArgs");
            entry.capabilityArgs().forEach(caps::set);
        }
        if (entry.result() != null) {
            node.set("result", entry.result());
        }
        return node;
    }

    static Entry fromJson(ObjectNode node) {
        byte[] config;
        try {
            config = Base64.getDecoder().decode(node.path("config").asText(""));
        } catch (IllegalArgumentException e) {
            throw new CniException(ErrorCode.DECODING_FAILURE, "cached config is not base64: " + e.getMessage());
        }
        Map<String, JsonNode> caps = new LinkedHashMap<>();
        JsonNode capsNode = node.path("capabilityArgs");
        for (Iterator<String> names = capsNode.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            caps.put(name, capsNode.get(name));
        }
        JsonNode result = node.get("result");
        String netns = node.path("netns").asText("");
        return new Entry(node.path("networkName").asText(""), node.path("containerId").asText(""),
                node.path("ifName").asText(""), netns.isEmpty() ? null : netns,
                CniArgs.fromJson(node.get("cniArgs")), caps, config,
                result != null && result.isObject() ? (ObjectNode) result : null);
    }

    private static Optional<ObjectNode> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CniException(ErrorCode.IO_FAILURE, "cannot read cached result " + file + ": " + e.getMessage());
        }
        return Optional.of(Json.parseObject(bytes, "cached result " + file));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
