package dev.tether.cni.invoke;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniError;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.EnvVar;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.GcAttachment;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.PluginEntry;
import dev.tether.cni.spec.Result;
import dev.tether.cni.spec.VersionInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The runtime side of CNI (spec section 3, like libcni): runs a network configuration list's
 * plugins for ADD (in order, threading each result into the next as prevResult), DEL (in reverse,
 * each given the cached ADD result), CHECK, GC and STATUS, and keeps the final ADD result in
 * libcni's on-disk cache.
 */
public final class NetworkExecutor {
    private final PluginInvoker invoker;
    private final List<Path> cniPath;
    private final ResultCache cache;
    private final Map<String, String> baseEnv;
    private final OutputStream stderr;

    /**
     * @param baseEnv the environment plugins inherit (the CNI_* variables are set per call)
     * @param stderr where the plugins' stderr is relayed
     */
    public NetworkExecutor(PluginInvoker invoker, List<Path> cniPath, ResultCache cache, Map<String, String> baseEnv,
                           OutputStream stderr) {
        this.invoker = invoker;
        this.cniPath = List.copyOf(cniPath);
        this.cache = cache;
        this.baseEnv = Map.copyOf(baseEnv);
        this.stderr = stderr;
    }

    public ResultCache cache() {
        return cache;
    }

    /**
     * Adds the attachment: every plugin's ADD in order, stopping at the first error, then caches
     * the final result. The caller should still DEL after a failed ADD (spec section 3).
     */
    public Result add(NetworkConfigList list, Attachment attachment) {
        attachment.validate();
        requirePlugins(list);
        Result result = null;
        for (PluginEntry plugin : list.plugins()) {
            ObjectNode prev = result == null ? null : result.toJson(list.cniVersion());
            ObjectNode config = plugin.attachmentConfig(list.name(), list.cniVersion(), attachment.capabilityArgs(), prev);
            try {
                result = OutcomeDecoder.result(plugin.type(),
                        call(plugin.type(), CniCommand.ADD, attachment, config), list.cniVersion());
            } catch (CniException e) {
                throw e.prefixed(describe(plugin, "add"));
            }
        }
        cache.put(new ResultCache.Entry(list.name(), attachment.containerId(), attachment.ifName(), attachment.netns(),
                attachment.args(), attachment.capabilityArgs(), list.bytes(), result.toJson(list.cniVersion())));
        return result;
    }

    /**
     * Deletes the attachment: every plugin's DEL in reverse order with the cached ADD result as
     * prevResult (from 0.4.0 on), then drops the cache entry. Stops at the first error, keeping
     * the entry so the DEL can be retried.
     */
    public void del(NetworkConfigList list, Attachment attachment) {
        attachment.validate();
        ObjectNode prev = null;
        if (list.cniVersion().atLeast(CniVersion.V0_4_0)) {
            try {
                prev = cachedResult(list, attachment).map(r -> r.toJson(list.cniVersion())).orElse(null);
            } catch (CniException unreadable) {
                cache.delete(list.name(), attachment.containerId(), attachment.ifName());
            }
        }
        List<PluginEntry> plugins = list.plugins();
        for (int i = plugins.size() - 1; i >= 0; i--) {
            PluginEntry plugin = plugins.get(i);
            ObjectNode config = plugin.attachmentConfig(list.name(), list.cniVersion(), attachment.capabilityArgs(), prev);
            try {
                OutcomeDecoder.requireSuccess(plugin.type(), call(plugin.type(), CniCommand.DEL, attachment, config));
            } catch (CniException e) {
                throw e.prefixed(describe(plugin, "delete"));
            }
        }
        cache.delete(list.name(), attachment.containerId(), attachment.ifName());
    }

    /** Checks the attachment with every plugin (0.4.0 and later), unless the list disables CHECK. */
    public void check(NetworkConfigList list, Attachment attachment) {
        attachment.validate();
        if (!list.cniVersion().atLeast(CniVersion.V0_4_0)) {
            throw new CniException(ErrorCode.INCOMPATIBLE_VERSION,
                    "configuration version \"" + list.cniVersion() + "\" does not support the CHECK command");
        }
        if (list.disableCheck()) {
            return;
        }
        ObjectNode prev = cachedResult(list, attachment).map(r -> r.toJson(list.cniVersion())).orElse(null);
        for (PluginEntry plugin : list.plugins()) {
            ObjectNode config = plugin.attachmentConfig(list.name(), list.cniVersion(), attachment.capabilityArgs(), prev);
            try {
                OutcomeDecoder.requireSuccess(plugin.type(), call(plugin.type(), CniCommand.CHECK, attachment, config));
            } catch (CniException e) {
                throw e.prefixed(describe(plugin, "check"));
            }
        }
    }

    /**
     * Garbage-collects the network: DELs every cached attachment of it that is not in
     * {@code valid}, then (from 1.1.0 on) sends GC to every plugin. Continues past failures.
     *
     * @return every failure, empty when all succeeded (or the list disables GC)
     */
    public List<CniError> gc(NetworkConfigList list, List<GcAttachment> valid) {
        if (list.disableGC()) {
            return List.of();
        }
        List<CniError> errors = new ArrayList<>();
        Set<GcAttachment> keep = new HashSet<>(valid);
        for (ResultCache.Entry entry : cache.list(null)) {
            if (!entry.networkName().equals(list.name())
                    || keep.contains(new GcAttachment(entry.containerId(), entry.ifName()))) {
                continue;
            }
            try {
                del(list, new Attachment(entry.containerId(), entry.netns(), entry.ifName(), entry.cniArgs(),
                        entry.capabilityArgs()));
            } catch (CniException e) {
                errors.add(e.prefixed("failed to delete stale attachment " + entry.containerId() + " "
                        + entry.ifName() + ": ").toError());
            }
        }
        if (list.cniVersion().atLeast(CniVersion.V1_1_0)) {
            for (PluginEntry plugin : list.plugins()) {
                try {
                    ObjectNode config = plugin.gcConfig(list.name(), list.cniVersion(), valid);
                    OutcomeDecoder.requireSuccess(plugin.type(), call(plugin.type(), CniCommand.GC, null, config));
                } catch (CniException e) {
                    errors.add(e.prefixed("failed to GC plugin " + plugin.type() + ": ").toError());
                }
            }
        }
        return errors;
    }

    /** Asks every plugin for STATUS (1.1.0 and later), throwing the first failure unchanged. */
    public void status(NetworkConfigList list) {
        if (!list.cniVersion().atLeast(CniVersion.V1_1_0)) {
            return;
        }
        for (PluginEntry plugin : list.plugins()) {
            OutcomeDecoder.requireSuccess(plugin.type(), call(plugin.type(), CniCommand.STATUS, null,
                    plugin.statusConfig(list.name(), list.cniVersion())));
        }
    }

    /** The VERSION answer of a plugin type. */
    public VersionInfo versionInfo(String type) {
        ObjectNode input = Json.object().put("cniVersion", CniVersion.CURRENT.label());
        Outcome outcome = call(type, CniCommand.VERSION, null, input);
        OutcomeDecoder.requireSuccess(type, outcome);
        return VersionInfo.fromBytes(outcome.stdout());
    }

    /** The cached final ADD result of an attachment, in the list's version. */
    public Optional<Result> cachedResult(NetworkConfigList list, Attachment attachment) {
        return cache.get(list.name(), attachment.containerId(), attachment.ifName())
                .filter(entry -> entry.result() != null)
                .map(entry -> Result.fromJson(entry.result(), list.cniVersion()));
    }

    private Outcome call(String type, CniCommand command, Attachment attachment, ObjectNode config) {
        Outcome outcome = invoker.invoke(type, cniPath, env(command, attachment), Json.bytes(config));
        if (outcome.stderr().length > 0) {
            try {
                stderr.write(outcome.stderr());
                stderr.flush();
            } catch (IOException e) {
                // relaying diagnostics is best effort
            }
        }
        return outcome;
    }

    private Map<String, String> env(CniCommand command, Attachment attachment) {
        // Plugins built on an old reference skeleton want these even for VERSION (libcni does the same).
        String placeholder = command == CniCommand.VERSION ? "dummy" : "";
        Map<String, String> env = new HashMap<>(baseEnv);
        env.put(EnvVar.COMMAND, command.name());
        env.put(EnvVar.CONTAINER_ID, attachment == null ? "" : attachment.containerId());
        env.put(EnvVar.NETNS, attachment == null || attachment.netns() == null ? placeholder : attachment.netns());
        env.put(EnvVar.IFNAME, attachment == null ? placeholder : attachment.ifName());
        env.put(EnvVar.ARGS, attachment == null ? "" : attachment.args().format());
        env.put(EnvVar.PATH, cniPath.stream().map(Path::toString).collect(Collectors.joining(":")));
        return env;
    }

    private static void requirePlugins(NetworkConfigList list) {
        if (list.plugins().isEmpty()) {
            throw CniException.invalidConfig("plugins", "network \"" + list.name() + "\" has no plugins");
        }
    }

    private static String describe(PluginEntry plugin, String operation) {
        return "plugin type=\"" + plugin.type() + "\" failed (" + operation + "): ";
    }

}
