package dev.tether.cni.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The spec's parameters of one invocation, read from the environment map and validated for the
 * command: which variables are required depends on it (section 2), and only the variables that
 * matter to the command are validated.
 *
 * @param containerId null unless an attachment command
 * @param netns null when not given (always for STATUS/GC; optional for DEL)
 * @param ifName null unless an attachment command
 * @param path the directories of CNI_PATH, in order
 * @param raw the whole environment as received, passed unchanged to delegated plugins
 */
public record CniEnv(CniCommand command, String containerId, String netns, String ifName, CniArgs args,
                     List<Path> path, Map<String, String> raw) {
    /** Where the kernel shows the calling thread's own network namespace. */
    private static final Path OWN_NETNS = Path.of("/proc/thread-self/ns/net");

    public CniEnv {
        path = List.copyOf(path);
        raw = Map.copyOf(raw);
    }

    /**
     * Reads and validates the environment.
     *
     * @throws CniException code 4 naming the variable that is missing or invalid; code 3 when
     *     CNI_NETNS does not exist for ADD/CHECK
     */
    public static CniEnv parse(Map<String, String> env) {
        CniCommand command = CniCommand.parse(env.get(EnvVar.COMMAND));
        List<String> missing = new ArrayList<>();
        for (String name : command.requiredEnv()) {
            String value = env.get(name);
            if (value == null || value.isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new CniException(ErrorCode.INVALID_ENVIRONMENT, "required environment variable"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + " missing for "
                    + EnvVar.COMMAND + "=" + command);
        }
        List<Path> path = splitPath(env.get(EnvVar.PATH));
        if (!command.isAttachmentCommand()) {
            return new CniEnv(command, null, null, null, CniArgs.NONE, path, env);
        }
        String containerId = env.get(EnvVar.CONTAINER_ID);
        reject(EnvVar.CONTAINER_ID, Identifiers.containerIdProblem(containerId));
        String ifName = env.get(EnvVar.IFNAME);
        reject(EnvVar.IFNAME, Identifiers.interfaceNameProblem(ifName));
        String netns = emptyToNull(env.get(EnvVar.NETNS));
        if (netns != null) {
            checkNetns(command, netns);
        }
        CniArgs args = CniArgs.parse(env.get(EnvVar.ARGS));
        return new CniEnv(command, containerId, netns, ifName, args, path, env);
    }

    /** A copy of the raw environment with another CNI_COMMAND, e.g. to clean up a delegate with DEL. */
    public Map<String, String> rawWithCommand(CniCommand other) {
        if (other == command) {
            return raw;
        }
        Map<String, String> copy = new java.util.HashMap<>(raw);
        copy.put(EnvVar.COMMAND, other.name());
        return copy;
    }

    public static List<Path> splitPath(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        for (String dir : value.split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        return dirs;
    }

    private static void checkNetns(CniCommand command, String netns) {
        Path path = Path.of(netns);
        if (!path.isAbsolute()) {
            throw CniException.invalidEnv(EnvVar.NETNS, "\"" + netns + "\" is not an absolute path");
        }
        if (command == CniCommand.DEL) {
            return; // DEL must succeed even when the namespace is already gone
        }
        if (!Files.exists(path)) {
            throw new CniException(ErrorCode.UNKNOWN_CONTAINER,
                    EnvVar.NETNS + " \"" + netns + "\" does not exist");
        }
        if (isOwnNetns(path)) {
            throw CniException.invalidEnv(EnvVar.NETNS,
                    "\"" + netns + "\" is the plugin's own network namespace, not a container's");
        }
    }

    private static boolean isOwnNetns(Path path) {
        try {
            return Files.isSameFile(path, OWN_NETNS);
        } catch (IOException e) {
            return false; // cannot tell (no /proc/thread-self): the plugin will find out
        }
    }

    private static void reject(String variable, String problem) {
        if (problem != null) {
            throw CniException.invalidEnv(variable, problem);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
