package dev.tether.cni.invoke;

import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.EnvVar;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Identifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a plugin by type: in-process when the registry has the type, otherwise by exec of the
 * first regular executable file named after the type in the search path (CNI_PATH).
 */
public final class PluginInvoker {
    /** How long an exec'd plugin may run before it is killed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final InProcessRegistry registry;
    private final Duration timeout;

    public PluginInvoker(InProcessRegistry registry, Duration timeout) {
        this.registry = registry;
        this.timeout = timeout;
    }

    public PluginInvoker(InProcessRegistry registry) {
        this(registry, DEFAULT_TIMEOUT);
    }

    /** An invoker that always execs. */
    public static PluginInvoker execOnly() {
        return new PluginInvoker(InProcessRegistry.empty());
    }

    public InProcessRegistry registry() {
        return registry;
    }

    /**
     * Runs plugin {@code type} once.
     *
     * @throws CniException code 7 when the type is invalid or not found, 4 when the search path
     *     is empty, 5 when the binary cannot be executed
     */
    public Outcome invoke(String type, List<Path> searchPath, Map<String, String> env, byte[] stdin) {
        String problem = Identifiers.pluginTypeProblem(type);
        if (problem != null) {
            throw CniException.invalidConfig("type", problem);
        }
        Optional<PluginHandler> inProcess = registry.find(type);
        if (inProcess.isPresent()) {
            return runInProcess(type, inProcess.get(), env, stdin);
        }
        return ProcessExec.run(find(type, searchPath), env, stdin, timeout);
    }

    /** The binary of a plugin type: the first regular executable {@code <dir>/<type>}. */
    public static Path find(String type, List<Path> searchPath) {
        if (searchPath.isEmpty()) {
            throw CniException.invalidEnv(EnvVar.PATH, "is empty: cannot find plugin \"" + type + "\"");
        }
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CniException(ErrorCode.INVALID_NETWORK_CONFIG,
                "plugin type \"" + type + "\" not found in " + EnvVar.PATH + " " + searchPath,
                "install the plugin or fix the type in the network configuration");
    }

    private static Outcome runInProcess(String type, PluginHandler handler, Map<String, String> env, byte[] stdin) {
        try {
            return handler.handle(new Invocation(env, stdin));
        } catch (RuntimeException e) {
            // A PluginRunner never throws; a bare handler might.
            throw new CniException(ErrorCode.INTERNAL, "in-process plugin \"" + type + "\" failed: " + e, "", e);
        }
    }
}
