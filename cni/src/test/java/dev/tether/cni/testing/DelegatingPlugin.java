package dev.tether.cni.testing;

import dev.tether.cni.invoke.Delegate;
import dev.tether.cni.skel.CniPlugin;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.Result;
import java.util.ArrayList;
import java.util.List;

/**
 * A main-plugin stand-in that does no netlink work: it delegates every command to its IPAM
 * plugin (spec section 4) and, on ADD, reports one container interface using the IPAM addresses,
 * as tether-bridge will.
 */
public final class DelegatingPlugin implements CniPlugin {
    private final Delegate delegate;

    public DelegatingPlugin(Delegate delegate) {
        this.delegate = delegate;
    }

    @Override
    public String about() {
        return "tt-main test plugin";
    }

    @Override
    public Result add(CniRequest request) {
        Result ipam = delegate.add(request.config().requireIpam().type(), request);
        List<Result.IpConfig> ips = new ArrayList<>();
        for (Result.IpConfig ip : ipam.ips()) {
            ips.add(new Result.IpConfig(ip.address(), ip.gateway(), 0));
        }
        return ipam.withInterfaces(List.of(Result.Interface.of(request.ifName(), "0a:58:00:00:00:01", request.netns())))
                .withIps(ips);
    }

    @Override
    public void del(CniRequest request) {
        delegate.del(request.config().requireIpam().type(), request);
    }

    @Override
    public void check(CniRequest request) {
        delegate.check(request.config().requireIpam().type(), request);
    }

    @Override
    public void status(CniRequest request) {
        delegate.status(request.config().requireIpam().type(), request);
    }

    @Override
    public void gc(CniRequest request) {
        delegate.gc(request.config().requireIpam().type(), request);
    }
}
