package dev.tether.cni.daemon;

import dev.tether.cni.skel.Invocation;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.skel.PluginHandler;
import dev.tether.cni.skel.PluginRunner;
import dev.tether.cni.spec.CniError;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Json;
import dev.tether.ipam.daemon.DaemonClient;
import dev.tether.ipam.daemon.DaemonSocket;
import dev.tether.ipam.daemon.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The exec'd face of a Tether plugin: when a tether daemon answers on the call's socket, the call
 * is handed to it under the plugin's type and its reply relayed; when none answers, the plugin
 * runs in this process. Only a plugin's main uses this: code running inside the daemon never
 * forwards. A plugin main is one line:
 * {@code PluginMain.run(new DaemonForwarding("tether-x", () -> new PluginRunner(new XPlugin(...))))}.
 *
 * <p>The socket is the config's {@code daemonSocket} (ipam section, else top level), else
 * TETHER_SOCKET, else the default. The daemon gets what the C forwarder sends: the CNI_* and
 * TETHER_* variables and stdin, so a call gives the same answer whichever way it arrives.
 */
public final class DaemonForwarding implements PluginHandler {
    private final String type;
    private final Supplier<PluginHandler> local;
    private final Optional<Path> triedSocket;

    /** @param local makes the in-process handler; called only when no daemon answers */
    public DaemonForwarding(String type, Supplier<PluginHandler> local) {
        this(type, local, Optional.empty());
    }

    /**
     * @param triedSocket a socket on which the C forwarder that exec'd this process found no
     *     daemon: when the call's socket is that one, it is not asked again
     */
    public DaemonForwarding(String type, Supplier<PluginHandler> local, Optional<Path> triedSocket) {
        this.type = type;
        this.local = local;
        this.triedSocket = triedSocket;
    }

    @Override
    public Outcome handle(Invocation invocation) {
        Path socket = DaemonSocket.resolve(ConfiguredSocket.find(invocation.stdin()), invocation.env());
        if (triedSocket.filter(socket::equals).isPresent()) {
            return local.get().handle(invocation);
        }
        Optional<Reply> reply;
        try {
            reply = new DaemonClient(socket).callIfRunning(type, forwardedEnv(invocation.env()), invocation.stdin());
        } catch (IOException e) {
            // The daemon took the call but its reply broke off: it may have done the work, so doing
            // it here could do it twice. ADD and DEL are idempotent per attachment: the runtime retries.
            CniError error = new CniError(ErrorCode.TRY_AGAIN_LATER, "the tether daemon on " + socket
                    + " took the call but its reply broke off; try again", String.valueOf(e.getMessage()));
            return new Outcome(PluginRunner.ERROR_EXIT, Json.bytes(error.toJson(CniVersion.CURRENT)), null);
        }
        if (reply.isPresent()) {
            return new Outcome(reply.get().exitCode(), reply.get().stdout(), reply.get().stderr());
        }
        return local.get().handle(invocation);
    }

    /** The variables the C forwarder passes on: CNI_* and TETHER_*. */
    static Map<String, String> forwardedEnv(Map<String, String> env) {
        Map<String, String> forwarded = new TreeMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith("CNI_") || key.startsWith("TETHER_")) {
                forwarded.put(key, value);
            }
        });
        return forwarded;
    }
}
