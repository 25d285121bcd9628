package dev.tether.cni.testing;

import dev.tether.cni.skel.CniPlugin;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.Result;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test plugin that records every request it gets and, on ADD, returns what its behaviour
 * computes (by default the prevResult, or a fixed result for the first plugin of a chain).
 */
public class RecordingPlugin implements CniPlugin {
    /** What the plugin does for one request; may throw to fail. */
    @FunctionalInterface
    public interface Behaviour {
        Result apply(CniRequest request) throws Exception;
    }

    private final String name;
    private final Behaviour behaviour;
    private final List<CniRequest> requests = new CopyOnWriteArrayList<>();

    public RecordingPlugin(String name, Behaviour behaviour) {
        this.name = name;
        this.behaviour = behaviour;
    }

    /** Returns prevResult when given, else {@code first}. */
    public static RecordingPlugin passingThrough(String name, Result first) {
        return new RecordingPlugin(name, r -> r.prevResult() != null ? r.prevResult() : first);
    }

    public List<CniRequest> requests() {
        return requests;
    }

    public List<CniRequest> requests(CniCommand command) {
        return requests.stream().filter(r -> r.command() == command).toList();
    }

    @Override
    public String about() {
        return "test plugin " + name;
    }

    @Override
    public Result add(CniRequest request) throws Exception {
        return record(request);
    }

    @Override
    public void del(CniRequest request) throws Exception {
        record(request);
    }

    @Override
    public void check(CniRequest request) throws Exception {
        record(request);
    }

    @Override
    public void status(CniRequest request) throws Exception {
        record(request);
    }

    @Override
    public void gc(CniRequest request) throws Exception {
        record(request);
    }

    private Result record(CniRequest request) throws Exception {
        requests.add(request);
        return behaviour.apply(request);
    }
}
