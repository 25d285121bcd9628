package dev.tether.cni.testing;

import dev.tether.cni.skel.CniPlugin;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.JsonFields;
import dev.tether.cni.spec.Result;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process IPAM plugin for delegation tests where the reference IPAM plugins cannot serve
 * (config version 1.1.0, STATUS, GC): it hands out the fixed {@code ipam.address} with
 * {@code ipam.gateway} and {@code ipam.routes}, fails STATUS with {@code ipam.statusCode} when
 * set, and records every request.
 */
public final class TestIpam implements CniPlugin {
    public static final String TYPE = "tt-ipam";

    private final List<CniRequest> requests = new CopyOnWriteArrayList<>();

    public List<CniRequest> requests(CniCommand command) {
        return requests.stream().filter(r -> r.command() == command).toList();
    }

    @Override
    public String about() {
        return "test IPAM";
    }

    @Override
    public Result add(CniRequest request) {
        requests.add(request);
        JsonFields ipam = request.config().requireIpam().fields();
        return new Result(List.of(), List.of(new Result.IpConfig(ipam.requireCidr("address"), ipam.optAddress("gateway"), null)),
                request.config().ipam().routes(), null);
    }

    @Override
    public void del(CniRequest request) {
        requests.add(request);
    }

    @Override
    public void check(CniRequest request) {
        requests.add(request);
    }

    @Override
    public void status(CniRequest request) {
        requests.add(request);
        Integer code = request.config().requireIpam().fields().optUint("statusCode");
        if (code != null) {
            throw new CniException(code, "test IPAM is not available", "statusCode " + code);
        }
    }

    @Override
    public void gc(CniRequest request) {
        requests.add(request);
    }

    /** The most recent request of a command. */
    public CniRequest last(CniCommand command) {
        List<CniRequest> matching = requests(command);
        return matching.get(matching.size() - 1);
    }
}
