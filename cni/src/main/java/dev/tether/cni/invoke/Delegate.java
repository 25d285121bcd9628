package dev.tether.cni.invoke;

import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Result;

/**
 * Delegation (spec section 4), typically to the IPAM plugin named by {@code ipam.type}: the
 * delegate gets the same environment (with the command being delegated) and exactly the config
 * bytes the calling plugin received; its stderr is relayed to the calling plugin's stderr; its
 * error object is passed on unchanged.
 */
public final class Delegate {
    private final PluginInvoker invoker;

    public Delegate(PluginInvoker invoker) {
        this.invoker = invoker;
    }

    /**
     * Delegates ADD and returns the delegate's result (any version, read into the current model).
     * If the delegate fails, it is called again with DEL before the failure is thrown, as the
     * spec asks, so a partial allocation is not leaked.
     */
    public Result add(String type, CniRequest request) {
        try {
            return OutcomeDecoder.result(type, call(type, request, CniCommand.ADD), request.cniVersion());
        } catch (CniException failure) {
            try {
                del(type, request);
            } catch (CniException cleanup) {
                request.stderr().println("cleanup of failed delegate ADD (" + type + ") failed too: " + cleanup.toError());
            }
            throw failure;
        }
    }

    public void del(String type, CniRequest request) {
        OutcomeDecoder.requireSuccess(type, call(type, request, CniCommand.DEL));
    }

    public void check(String type, CniRequest request) {
        OutcomeDecoder.requireSuccess(type, call(type, request, CniCommand.CHECK));
    }

    public void status(String type, CniRequest request) {
        OutcomeDecoder.requireSuccess(type, call(type, request, CniCommand.STATUS));
    }

    public void gc(String type, CniRequest request) {
        OutcomeDecoder.requireSuccess(type, call(type, request, CniCommand.GC));
    }

    private Outcome call(String type, CniRequest request, CniCommand command) {
        Outcome outcome = invoker.invoke(type, request.env().path(), request.env().rawWithCommand(command),
                request.config().bytes());
        request.stderr().write(outcome.stderr(), 0, outcome.stderr().length);
        return outcome;
    }
}
