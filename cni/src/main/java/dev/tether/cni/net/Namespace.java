package dev.tether.cni.net;

import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.Netlink;
import dev.tether.natives.rtnl.addr.Addresses;
import dev.tether.natives.rtnl.link.Links;
import dev.tether.natives.rtnl.route.Routes;
import dev.tether.natives.sysctl.Sysctl;
import java.nio.file.Path;

/**
 * A network namespace together with an rtnetlink socket opened inside it: what every helper of
 * this package acts through, so no helper ever acts on "the current namespace". Thread-safe.
 */
public final class Namespace implements AutoCloseable {
    private final NetNs ns;
    private final Netlink netlink;
    private final boolean ownsNs;

    private Namespace(NetNs ns, Netlink netlink, boolean ownsNs) {
        this.ns = ns;
        this.netlink = netlink;
        this.ownsNs = ownsNs;
    }

    /** Opens the namespace at a path (e.g. CNI_NETNS) and a socket in it; closing closes both. */
    public static Namespace open(Path path) {
        NetNs ns = NetNs.open(path);
        try {
            return new Namespace(ns, Netlink.open(ns), true);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** Opens a socket in a namespace the caller keeps open; closing closes only the socket. */
    public static Namespace of(NetNs ns) {
        return new Namespace(ns, Netlink.open(ns), false);
    }

    public NetNs ns() {
        return ns;
    }

    public Links links() {
        return netlink.links();
    }

    public Addresses addresses() {
        return netlink.addresses();
    }

    public Routes routes() {
        return netlink.routes();
    }

    /** Sets a net.* sysctl of this namespace (keys with slashes when a part has dots, e.g. interface names). */
    public void sysctl(String key, String value) {
        Sysctl.set(ns, key, value);
    }

    public String sysctl(String key) {
        return Sysctl.get(ns, key);
    }

    /** Sets a sysctl only if it has another value: no write (and no change event) when it is already right. */
    public void ensureSysctl(String key, String value) {
        if (!value.equals(sysctl(key))) {
            sysctl(key, value);
        }
    }

    /** Sets a sysctl that may not exist (e.g. an IPv6 one when IPv6 is off), ignoring failures as the reference does. */
    public void trySysctl(String key, String value) {
        try {
            Sysctl.set(ns, key, value);
        } catch (RuntimeException ignored) {
            // best effort: the setting does not exist in this namespace
        }
    }

    @Override
    public void close() {
        netlink.close();
        if (ownsNs) {
            ns.close();
        }
    }

    @Override
    public String toString() {
        return ns.toString();
    }
}
