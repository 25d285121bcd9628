package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A network configuration (spec section 1): a name, the selected spec version and the plugins to
 * run in order.
 *
 * @param cniVersion the highest version among {@code cniVersion} and {@code cniVersions} that this
 *     layer implements (versions newer than it are skipped, as libcni does)
 * @param bytes the configuration as read; cached with each attachment, as libcni does
 */
public record NetworkConfigList(String name, CniVersion cniVersion, List<String> cniVersions, boolean disableCheck,
                                boolean disableGC, boolean loadOnlyInlinedPlugins, List<PluginEntry> plugins,
                                byte[] bytes) {

    public NetworkConfigList {
        cniVersions = List.copyOf(cniVersions);
        plugins = List.copyOf(plugins);
    }

    /**
     * Parses a configuration list (without loading plugins from a sibling directory).
     *
     * @throws CniException code 6 for undecodable bytes, 7 for invalid fields, 1 when no listed
     *     version is one this layer implements
     */
    public static NetworkConfigList parse(byte[] bytes) {
        ObjectNode raw = Json.parseObject(bytes, "network configuration list");
        JsonFields fields = JsonFields.ofConfig(raw, "");
        String name = networkName(fields);
        List<String> versions = fields.stringList("cniVersions");
        CniVersion version = selectVersion(fields.optString("cniVersion"), versions);
        boolean inlinedOnly = flag(fields, "loadOnlyInlinedPlugins");
        List<PluginEntry> plugins = new ArrayList<>();
        JsonNode list = fields.arrayOrNull("plugins");
        if (list == null && inlinedOnly) {
            throw fields.invalid("plugins", "is required when loadOnlyInlinedPlugins is true");
        }
        if (list != null && list.isEmpty()) {
            throw fields.invalid("plugins", "is empty");
        }
        for (JsonFields plugin : fields.objectList("plugins")) {
            plugins.add(PluginEntry.parse(plugin.node(), plugin.path()));
        }
        return new NetworkConfigList(name, version, versions, flag(fields, "disableCheck"),
                flag(fields, "disableGC"), inlinedOnly, plugins, bytes);
    }

    /**
     * Reads a .conflist file and, unless {@code loadOnlyInlinedPlugins}, appends the plugin
     * objects of {@code <dir>/<name>/*.conf} in name order (spec section 1).
     *
     * @throws CniException code 5 when a file cannot be read, 7 when no plugin results
     */
    public static NetworkConfigList load(Path file) {
        NetworkConfigList list = parse(read(file));
        List<PluginEntry> plugins = new ArrayList<>(list.plugins);
        if (!list.loadOnlyInlinedPlugins) {
            Path dir = file.toAbsolutePath().getParent().resolve(list.name);
            for (Path conf : confFiles(dir, ".conf")) {
                plugins.add(PluginEntry.parse(Json.parseObject(read(conf), conf.toString()), conf.toString()));
            }
        }
        if (plugins.isEmpty()) {
            throw CniException.invalidConfig(file.toString(), "network \"" + list.name + "\" has no plugins");
        }
        return new NetworkConfigList(list.name, list.cniVersion, list.cniVersions, list.disableCheck,
                list.disableGC, list.loadOnlyInlinedPlugins, plugins, list.bytes);
    }

    /**
     * The network named {@code name} in a directory: the first .conflist file (in name order) of
     * that name, else, as libcni still does, a single-plugin .conf or .json file of that name.
     */
    public static Optional<NetworkConfigList> find(Path dir, String name) {
        for (Path file : confFiles(dir, ".conflist")) {
            NetworkConfigList list = parse(read(file));
            if (list.name.equals(name)) {
                return Optional.of(load(file));
            }
        }
        List<Path> singles = new ArrayList<>(confFiles(dir, ".conf"));
        singles.addAll(confFiles(dir, ".json"));
        singles.sort(null);
        for (Path file : singles) {
            byte[] bytes = read(file);
            if (name.equals(Json.parseObject(bytes, file.toString()).path("name").asText())) {
                return Optional.of(fromSingleConfig(bytes));
            }
        }
        return Optional.empty();
    }

    /**
     * A list of one plugin from a single plugin configuration (the pre-1.0 ".conf" format): the
     * list takes its name and cniVersion, as libcni's ConfListFromConf does.
     */
    public static NetworkConfigList fromSingleConfig(byte[] bytes) {
        ObjectNode raw = Json.parseObject(bytes, "network configuration");
        JsonFields fields = JsonFields.ofConfig(raw, "");
        String name = networkName(fields);
        CniVersion version = selectVersion(fields.optString("cniVersion"), List.of());
        return new NetworkConfigList(name, version, List.of(), false, false, true,
                List.of(PluginEntry.parse(raw, "")), bytes);
    }

    /**
     * The spec's version selection: the highest of cniVersion and cniVersions, skipping versions
     * newer than this layer.
     */
    static CniVersion selectVersion(String cniVersion, List<String> cniVersions) {
        List<String> candidates = new ArrayList<>(cniVersions);
        if (cniVersion != null && !cniVersion.isEmpty()) {
            candidates.add(cniVersion);
        }
        if (candidates.isEmpty()) {
            throw CniException.invalidConfig("cniVersion", "is required");
        }
        String best = null;
        for (String candidate : candidates) {
            try {
                if (CniVersion.compareLabels(candidate, CniVersion.CURRENT.label()) <= 0
                        && (best == null || CniVersion.compareLabels(candidate, best) > 0)) {
                    best = candidate;
                }
            } catch (IllegalArgumentException e) {
                throw CniException.invalidConfig("cniVersion", e.getMessage());
            }
        }
        if (best == null) {
            throw new CniException(ErrorCode.INCOMPATIBLE_VERSION,
                    "no supported CNI version among " + candidates,
                    "supported: " + CniVersion.labels(CniVersion.ALL));
        }
        return CniVersion.require(best, CniVersion.ALL);
    }

    private static String networkName(JsonFields fields) {
        String name = fields.requireString("name");
        String problem = Identifiers.networkNameProblem(name);
        if (problem != null) {
            throw fields.invalid("name", problem);
        }
        return name;
    }

    private static boolean flag(JsonFields fields, String key) {
        JsonNode value = fields.node().get(key);
        if (value != null && value.isTextual()) { // libcni also accepts "true"/"false" strings
            String text = value.textValue().toLowerCase(java.util.Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return text.equals("true");
            }
            throw fields.invalid(key, "expected true or false, got \"" + value.textValue() + "\"");
        }
        return fields.bool(key, false);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CniException(ErrorCode.IO_FAILURE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static List<Path> confFiles(Path dir, String suffix) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + suffix)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new CniException(ErrorCode.IO_FAILURE, "cannot list " + dir + ": " + e.getMessage());
        }
        files.sort(null);
        return files;
    }
}
