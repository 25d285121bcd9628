package dev.tether.natives.rtnl.link;

import java.util.concurrent.ThreadLocalRandom;

import dev.tether.natives.netns.NetNs;

/**
 * A veth pair. When creating, peer gives the other end's name (and optionally MAC, MTU) and
 * peerNamespace, if not null, the namespace the other end is created in. A veth read from the
 * kernel has the peer's index in {@code peer().index()} (an index in the peer's namespace), no peer
 * name and a null peerNamespace.
 */
public record Veth(LinkAttrs attrs, LinkAttrs peer, NetNs peerNamespace) implements Link {
    public static final String KIND = "veth";

    public Veth {
        if (peer == null) {
            throw new IllegalArgumentException("a veth needs peer attributes (at least LinkAttrs.named(...))");
        }
    }

    /** A host-side name like the reference plugins': "veth" and 8 random hex digits. */
    public static String randomName() {
        return String.format("veth%08x", ThreadLocalRandom.current().nextInt());
    }

    /** A pair with both ends in the namespace the request is made in. */
    public static Veth of(String name, String peerName) {
        return new Veth(LinkAttrs.named(name), LinkAttrs.named(peerName), null);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
