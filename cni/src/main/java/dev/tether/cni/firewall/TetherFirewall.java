package dev.tether.cni.firewall;

import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tether's nftables state in one namespace (the host's): per-network rules, created once and
 * checked cheaply, and per-attachment set elements (see the package documentation for the
 * layout). Thread-safe: within this JVM, read-then-write steps are serialized; across processes,
 * writes are idempotent or harmlessly duplicated.
 */
public final class TetherFirewall {
    /** Serializes each "list, then write what is missing" step of every firewall in this JVM. */
    private static final Object WRITE_LOCK = new Object();

    private final NetNs host;

    public TetherFirewall(NetNs host) {
        this.host = host;
    }

    /** Whether the network's rules and its bridge element are all in place (one nft list of the table). */
    public boolean networkInPlace(NetworkRules network) {
        return InetTable.diff(InetTable.list(host), network).none();
    }

    /**
     * Makes the network's rules match: isolation from the other Tether bridges; for an internal
     * network, no forwarding into or out of its bridge; each of its subnets masqueraded when
     * {@code masquerade} is set (subnets added by earlier calls stay), none when it is not. Writes
     * nothing when they are in place, so the cost of a repeated call is one list of the table;
     * restores rules the host flushed.
     */
    public void ensureNetwork(NetworkRules network) {
        synchronized (WRITE_LOCK) {
            InetTable.diff(InetTable.list(host), network).apply(host);
        }
    }

    /**
     * Deletes every rule of the network in {@code table inet tether} and its bridge element
     * (unless another network isolates the same bridge); nothing when there is none.
     */
    public void removeNetwork(String network) {
        synchronized (WRITE_LOCK) {
            try {
                InetTable.removal(InetTable.list(host), network).apply(host);
            } catch (NotFoundException raced) {
                // Another process removed some of it between our list and delete: list again.
                InetTable.removal(InetTable.list(host), network).apply(host);
            }
        }
    }

    /**
     * Lets frames into the bridge through {@code port} only from {@code mac}: the port and the
     * pair become elements tagged with the attachment.
     */
    public void guardMac(AttachmentKey attachment, String port, MacAddress mac) {
        synchronized (WRITE_LOCK) {
            MacSpoofGuard.guard(host, MacSpoofGuard.list(host), attachment, port, mac);
        }
    }

    /** Whether the check rule and both elements of the attachment are in place. */
    public boolean macGuarded(AttachmentKey attachment, String port, MacAddress mac) {
        return MacSpoofGuard.guarded(MacSpoofGuard.list(host), attachment, port, mac);
    }

    /** Removes the attachment's per-container state; nothing when it has none. */
    public void releaseAttachment(AttachmentKey attachment) {
        releaseWhere(attachment::owns);
    }

    /**
     * Removes the per-container state of every attachment of the network that is not in
     * {@code keep} (the spec's GC).
     *
     * @return how many elements were removed
     */
    public int collectGarbage(String network, Collection<AttachmentKey> keep) {
        String networkTag = AttachmentKey.networkTag(network);
        Set<String> kept = keep.stream().map(AttachmentKey::tag).collect(Collectors.toSet());
        return releaseWhere(comment -> comment.startsWith(networkTag) && !kept.contains(tagOf(comment)));
    }

    private int releaseWhere(java.util.function.Predicate<String> byComment) {
        synchronized (WRITE_LOCK) {
            try {
                return MacSpoofGuard.release(host, MacSpoofGuard.list(host), byComment);
            } catch (NotFoundException raced) {
                // Another process deleted some of them between our list and delete: list again.
                return MacSpoofGuard.release(host, MacSpoofGuard.list(host), byComment);
            }
        }
    }

    private static String tagOf(String comment) {
        int space = comment.indexOf(' ');
        return space < 0 ? comment : comment.substring(0, space);
    }
}
