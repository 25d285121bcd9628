package dev.tether.cni.net;

import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.OperState;
import java.time.Duration;

/** Waiting for links to come up. */
public final class LinkStates {
    private LinkStates() {}

    /**
     * Waits until the link's operational state is UP (a bridge port forwards only then; the kernel
     * reports carrier changes asynchronously, sometimes a second late) and returns it.
     *
     * @throws CniException when it is not UP within the timeout
     */
    public static Link awaitUp(Namespace ns, String name, Duration timeout) {
        Link[] last = {null};
        boolean up = Deadline.await(timeout, () -> {
            last[0] = ns.links().get(name);
            return last[0].attrs().operState() == OperState.UP;
        });
        if (!up) {
            throw new CniException(ErrorCode.INTERNAL, "bridge port \"" + name + "\" is not up after " + timeout.toMillis()
                    + " ms: its state is " + last[0].attrs().operState());
        }
        return last[0];
    }
}
