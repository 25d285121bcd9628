package dev.tether.cni.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.invoke.ResultCache;
import dev.tether.cni.plugins.PluginContext;
import dev.tether.cni.plugins.ipam.IpamPlugin;
import dev.tether.cni.plugins.portmap.PortMapPlugin;
import dev.tether.cni.plugins.portmap.PortRestore;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniEnv;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.PluginConfig;
import dev.tether.cni.spec.PluginEntry;
import dev.tether.cni.spec.Result;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.store.LeaseKey;
import dev.tether.ipam.store.StoreLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Puts back the published ports of live attachments, e.g. after the host flushed its ruleset:
 * {@code tether daemon} runs it at start (an attachment's next ADD would do it too). The
 * attachments are libcni's result cache entries (written by {@code tether network connect} and
 * podman alike) of networks with tether-portmap and tether-ipam whose attachment still holds a
 * lease (leases of earlier boots are gone once the store is open); their ports are the entry's
 * {@code portMappings} capability, published by {@link PortRestore} as ADD publishes them.
 * Attachments that name a host port go first, so that no picked port takes theirs.
 */
public final class PortRepair {
    private static final String PORT_MAPPINGS = "portMappings";

    private PortRepair() {}

    /** Whether the IPAM store of a data directory holds a lease of the attachment. */
    @FunctionalInterface
    public interface LeaseLookup {
        boolean leased(Path dataDir, LeaseKey key) throws IpamException;
    }

    /**
     * What a repair did.
     *
     * @param restored each attachment whose ports were published again, with them
     * @param problems what was skipped for being unreadable or could not be published, and the
     *     plugin's warnings (e.g. a picked port that changed)
     */
    public record Report(List<String> restored, List<String> problems) {}

    private record Attachment(String name, PortRestore restore, ByteArrayOutputStream stderr) {}

    /**
     * @param defaultDataDir the data directory of networks whose IPAM configuration names none
     */
    public static Report run(ResultCache cache, PluginContext context, Path defaultDataDir, LeaseLookup leases) {
        List<String> restored = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        for (ResultCache.Entry entry : cache.list(null, problems::add)) {
            try {
                attachment(entry, context, defaultDataDir, leases).ifPresent(attachments::add);
            } catch (CniException | IpamException | IllegalArgumentException e) {
                problems.add(describe(entry) + ": " + e.getMessage());
            }
        }
        attachments.sort(Comparator.comparing(a -> a.restore().picksPorts()));
        for (Attachment attachment : attachments) {
            try {
                List<PortForward> published = attachment.restore().run();
                if (!published.isEmpty()) {
                    restored.add(attachment.name() + ": " + published.stream().map(PortForward::toString)
                            .collect(Collectors.joining(", ")));
                }
            } catch (CniException | IllegalArgumentException e) {
                problems.add(attachment.name() + ": " + e.getMessage());
            }
            attachment.stderr().toString(StandardCharsets.UTF_8).lines()
                    .forEach(line -> problems.add(attachment.name() + ": " + line));
        }
        return new Report(restored, problems);
    }

    /** The entry's restore, when its network publishes ports with tether-portmap and its attachment holds a lease. */
    private static Optional<Attachment> attachment(ResultCache.Entry entry, PluginContext context, Path defaultDataDir,
                                                   LeaseLookup leases) throws IpamException {
        JsonNode mappings = entry.capabilityArgs().get(PORT_MAPPINGS);
        if (mappings == null || !mappings.isArray() || mappings.isEmpty()) {
            return Optional.empty();
        }
        NetworkConfigList list = NetworkConfigList.parse(entry.config());
        Optional<PluginEntry> portmap = list.plugins().stream()
                .filter(p -> p.type().equals(PortMapPlugin.TYPE) && p.capabilities().getOrDefault(PORT_MAPPINGS, false))
                .findFirst();
        Optional<Path> dataDir = tetherIpamDataDir(list, defaultDataDir);
        if (portmap.isEmpty() || dataDir.isEmpty() || !Files.exists(StoreLocation.storeFile(dataDir.get()))
                || !leases.leased(dataDir.get(), new LeaseKey(list.name(), entry.containerId(), entry.ifName()))) {
            return Optional.empty();
        }
        if (entry.result() == null) {
            throw new IllegalArgumentException("the entry holds no result");
        }
        Result prev = Result.fromJson(entry.result(), list.cniVersion());
        PluginConfig config = PluginConfig.parse(Json.bytes(portmap.get().attachmentConfig(list.name(), list.cniVersion(),
                entry.capabilityArgs(), prev.toJson(list.cniVersion()))));
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        CniEnv env = new CniEnv(CniCommand.ADD, entry.containerId(), entry.netns(), entry.ifName(), entry.cniArgs(),
                List.of(), Map.of());
        CniRequest request = new CniRequest(env, config, List.of(), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        return Optional.of(new Attachment(describe(entry), PortRestore.of(context, request), stderr));
    }

    /** Where the network's tether-ipam keeps its leases; empty when another IPAM serves it. */
    private static Optional<Path> tetherIpamDataDir(NetworkConfigList list, Path defaultDataDir) {
        for (PluginEntry plugin : list.plugins()) {
            JsonNode ipam = plugin.raw().get("ipam");
            if (ipam != null && ipam.isObject() && IpamPlugin.TYPE.equals(ipam.path("type").asText())) {
                String dataDir = ipam.path("dataDir").asText("");
                return Optional.of(StoreLocation.dataDir(dataDir, Map.of(StoreLocation.ENV_DATA_DIR, defaultDataDir.toString())));
            }
        }
        return Optional.empty();
    }

    private static String describe(ResultCache.Entry entry) {
        return "container " + entry.containerId() + " (" + entry.ifName() + " on network " + entry.networkName() + ")";
    }
}
