package dev.tether.cni.net;

import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.rtnl.link.Bridge;
import dev.tether.natives.rtnl.link.BridgeOptions;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.LinkAttrs;

/** Bridges on the host side (like docker0): created on first use, shared by every attachment. */
public final class Bridges {
    private Bridges() {}

    /**
     * The bridge of this name, created if missing (by whichever concurrent caller wins; the others
     * find it), up, with IPv6 router advertisements ignored (Tether owns its routes).
     *
     * @param mtu the MTU of a bridge this call creates; 0 for the kernel's default
     * @param promiscuous turns promiscuous mode on (never off: another network may want it)
     * @throws CniException code 7 when the name is taken by a link that is not a bridge
     */
    public static Link ensure(Namespace host, String name, int mtu, boolean promiscuous) {
        boolean created = false;
        try {
            host.links().add(new Bridge(LinkAttrs.named(name).withMtu(mtu), BridgeOptions.DEFAULTS));
            created = true;
        } catch (AlreadyExistsException existing) {
            // first use was someone else's
        }
        Link bridge = require(host, name);
        if (created) {
            // A bridge takes the lowest MAC of its ports unless its own was set: pin it, so that
            // it does not change as containers come and go.
            host.links().setMac(name, bridge.attrs().mac());
        }
        if (promiscuous && !bridge.attrs().isPromiscuous()) {
            host.links().setPromiscuous(name, true);
        }
        host.trySysctl("net/ipv6/conf/" + name + "/accept_ra", "0");
        if (!bridge.attrs().isUp()) {
            host.links().setUp(name);
        }
        return host.links().get(name);
    }

    /**
     * The existing bridge of this name.
     *
     * @throws dev.tether.natives.libc.NotFoundException when there is no link of this name
     * @throws CniException code 7 when the link is not a bridge
     */
    public static Link require(Namespace host, String name) {
        Link link = host.links().get(name);
        if (!(link instanceof Bridge)) {
            throw new CniException(ErrorCode.INVALID_NETWORK_CONFIG, "bridge: \"" + name + "\" already exists but is a "
                    + (link.kind().isEmpty() ? "device" : link.kind()) + " link, not a bridge",
                    "choose another \"bridge\" name or remove the existing link");
        }
        return link;
    }
}
