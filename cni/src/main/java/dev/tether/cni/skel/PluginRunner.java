package dev.tether.cni.skel;

import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniEnv;
import dev.tether.cni.spec.CniError;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.EnvVar;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.GcAttachment;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.PluginConfig;
import dev.tether.cni.spec.Result;
import dev.tether.cni.spec.VersionInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The skeleton of every plugin (like the reference's pkg/skel): validates the environment and
 * the config for the command, answers VERSION, dispatches to the {@link CniPlugin}, writes the
 * result in the config's version, and turns every failure into the spec's error object on stdout
 * with a non-zero exit. Stack traces of unexpected failures go to the call's stderr only.
 */
public final class PluginRunner implements PluginHandler {
    /** The reference plugins exit 1 on any error. */
    public static final int ERROR_EXIT = 1;

    private final CniPlugin plugin;

    public PluginRunner(CniPlugin plugin) {
        this.plugin = plugin;
    }

    @Override
    public Outcome handle(Invocation invocation) {
        ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream();
        PrintStream stderr = new PrintStream(stderrBytes, true, StandardCharsets.UTF_8);
        CniVersion errorVersion = CniVersion.CURRENT;
        try {
            String command = invocation.env().get(EnvVar.COMMAND);
            if (command == null || command.isEmpty()) {
                stderr.println(plugin.about());
                stderr.println("CNI protocol versions supported: "
                        + String.join(", ", CniVersion.labels(plugin.supportedVersions())));
            }
            if (CniCommand.VERSION.name().equals(command)) {
                return new Outcome(0, Json.bytes(versionInfo(invocation.stdin()).toJson()), stderrBytes.toByteArray());
            }
            CniEnv env = CniEnv.parse(invocation.env());
            PluginConfig config = PluginConfig.parse(invocation.stdin());
            errorVersion = config.cniVersion();
            checkVersion(env.command(), config);
            List<GcAttachment> valid = env.command() != CniCommand.GC ? List.of()
                    : plugin.readsMalformedGcAttachments() ? GcAttachment.parseWellFormed(config.raw())
                    : GcAttachment.parseAll(config.raw());
            byte[] stdout = dispatch(new CniRequest(env, config, valid, stderr));
            return new Outcome(0, stdout, stderrBytes.toByteArray());
        } catch (CniException e) {
            return failure(e.toError(), errorVersion, stderrBytes);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            e.printStackTrace(stderr);
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            return failure(new CniError(ErrorCode.INTERNAL, message, ""), errorVersion, stderrBytes);
        }
    }

    private byte[] dispatch(CniRequest request) throws Exception {
        switch (request.command()) {
            case ADD -> {
                Result result = plugin.add(request);
                if (result == null) {
                    throw new CniException(ErrorCode.INTERNAL, "plugin returned no result for ADD");
                }
                return result.toBytes(request.cniVersion());
            }
            case DEL -> plugin.del(request);
            case CHECK -> plugin.check(request);
            case STATUS -> plugin.status(request);
            case GC -> plugin.gc(request);
            case VERSION -> throw new IllegalStateException("VERSION is answered before dispatch");
        }
        return new byte[0];
    }

    private void checkVersion(CniCommand command, PluginConfig config) {
        CniVersion.require(config.cniVersion().label(), plugin.supportedVersions());
        if (!config.cniVersion().atLeast(command.since())) {
            throw new CniException(ErrorCode.INCOMPATIBLE_VERSION,
                    "config version " + config.cniVersion() + " does not allow " + command,
                    command + " needs cniVersion " + command.since() + " or later");
        }
    }

    /**
     * The VERSION answer: the input's cniVersion when it names a known version (the spec says to
     * echo it), else the current one. The input is otherwise ignored, as the reference does.
     */
    private VersionInfo versionInfo(byte[] stdin) {
        String echoed = CniVersion.CURRENT.label();
        try {
            String requested = Json.parseObject(stdin, "VERSION input").path("cniVersion").asText("");
            if (CniVersion.find(requested).isPresent()) {
                echoed = requested;
            }
        } catch (CniException e) {
            // no or unreadable input: answer with the current version
        }
        return new VersionInfo(echoed, CniVersion.labels(plugin.supportedVersions()));
    }

    private static Outcome failure(CniError error, CniVersion version, ByteArrayOutputStream stderr) {
        return new Outcome(ERROR_EXIT, Json.bytes(error.toJson(version)), stderr.toByteArray());
    }
}
