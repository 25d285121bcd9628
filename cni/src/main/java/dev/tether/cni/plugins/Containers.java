package dev.tether.cni.plugins;

import dev.tether.cni.net.Namespace;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.EnvVar;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.NotFoundException;
import java.nio.file.Path;
import java.util.Optional;

/** Opening the container's namespace named by CNI_NETNS, with the spec's error codes. */
public final class Containers {
    private Containers() {}

    /**
     * The container namespace of an ADD or CHECK.
     *
     * @throws CniException code 3 when it does not exist (any more), code 4 when CNI_NETNS is not a
     *     network namespace
     */
    public static Namespace open(CniRequest request) {
        try {
            return Namespace.open(Path.of(request.netns()));
        } catch (NotFoundException gone) {
            throw new CniException(ErrorCode.UNKNOWN_CONTAINER, EnvVar.NETNS + " \"" + request.netns() + "\" does not exist");
        } catch (IllegalArgumentException | NativeException notNetns) {
            throw CniException.invalidEnv(EnvVar.NETNS, "\"" + request.netns() + "\" is not a network namespace: "
                    + notNetns.getMessage());
        }
    }

    /** The container namespace of a DEL, or empty when none was given or it is gone (DEL must still succeed). */
    public static Optional<Namespace> openIfPresent(CniRequest request) {
        if (request.netns() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Namespace.open(Path.of(request.netns())));
        } catch (IllegalArgumentException | NativeException gone) {
            return Optional.empty();
        }
    }
}
