package dev.tether.cni.net;

import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.rtnl.link.Link;
import dev.tether.natives.rtnl.link.LinkAttrs;
import dev.tether.natives.rtnl.link.Veth;

/** Veth pairs between the host and a container (like the reference's pkg/ip SetupVeth). */
public final class Veths {
    /** Attempts at a free random host-side name; a collision of 32 random bits is already rare. */
    private static final int NAME_ATTEMPTS = 10;

    private Veths() {}

    /** The two ends of a pair, as the kernel reports them after creation. */
    public record Pair(Link host, Link container) {}

    /**
     * Creates a pair whose container end is created directly inside the container namespace as
     * {@code ifName}, and whose host end gets a unique random {@code veth...} name, is enslaved to
     * the bridge and is up. The container end stays down (addresses come first).
     *
     * @param mtu for both ends; 0 for the kernel's default
     * @param mac of the container end; null for a random one
     * @throws CniException code {@link ErrorCode#INTERNAL} when {@code ifName} already exists in the container
     */
    public static Pair create(Namespace host, Namespace container, String ifName, int mtu, MacAddress mac, int bridgeIndex) {
        for (int attempt = 1; ; attempt++) {
            String hostName = Veth.randomName();
            try {
                host.links().add(new Veth(LinkAttrs.named(hostName).withMtu(mtu).withMaster(bridgeIndex).withUp(true),
                        LinkAttrs.named(ifName).withMtu(mtu).withMac(mac), container.ns()));
            } catch (AlreadyExistsException e) {
                if (container.links().find(ifName).isPresent()) {
                    throw alreadyExists(container, ifName);
                }
                if (attempt < NAME_ATTEMPTS && host.links().find(hostName).isPresent()) {
                    continue; // another attachment has this random name: draw again
                }
                throw e;
            }
            host.trySysctl("net/ipv6/conf/" + hostName + "/accept_ra", "0");
            return new Pair(host.links().get(hostName), container.links().get(ifName));
        }
    }

    /** The spec's error for ADD of an interface name the container already has. */
    public static CniException alreadyExists(Namespace container, String ifName) {
        return new CniException(ErrorCode.INTERNAL, "interface \"" + ifName + "\" already exists in " + container.ns().path(),
                "an attachment with this CNI_IFNAME exists: delete it first or use another interface name");
    }
}
