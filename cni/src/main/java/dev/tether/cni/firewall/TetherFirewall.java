package dev.tether.cni.firewall;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.nft.Nftables;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Tether's nftables state in one namespace (the host's): per-network rules, created once and
 * checked cheaply, and per-attachment set and map elements (see the package documentation for
 * the layout). Thread-safe: within this JVM, read-then-write steps are serialized; across
 * processes, writes are idempotent or harmlessly duplicated, and published ports are claimed
 * atomically by the kernel.
 */
public final class TetherFirewall {
    /** Serializes each "list, then write what is missing" step of every firewall in this JVM. */
    private static final Object WRITE_LOCK = new Object();
    /** Writes that lost a race with another process (an element appeared or went between list and write) are planned again. */
    private static final int ATTEMPTS = 3;

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

    /** Decides an attachment's forwards from the ports published now (e.g. picking free ones). */
    @FunctionalInterface
    public interface PortPlanner {
        List<PortForward> plan(List<MappedPort> published);
    }

    /**
     * Publishes the attachment's ports: makes its DNAT elements exactly {@code forwards}, and its
     * masquerade elements those of traffic from each of {@code masqueradeFrom} (e.g. the
     * container's subnet for hairpin, 127.0.0.0/8 for localhost) to each container address of the
     * same family among the forwards. One list of the table and one transaction; the static chains
     * come with the first call. Nothing changes when a port is taken.
     *
     * @throws PortConflictException naming the attachment that publishes an overlapping port
     * @throws IllegalArgumentException when two of the forwards overlap each other
     */
    public void publish(AttachmentKey attachment, List<PortForward> forwards, List<IpPrefix> masqueradeFrom) {
        publish(attachment, published -> forwards, masqueradeFrom);
    }

    /**
     * Publishes the forwards the planner decides from the ports published at that moment: no other
     * publishing comes between the planner's look and the write (the firewall's monitor within this
     * JVM, {@link PublishLock} between processes); a write that bypasses both and comes between
     * (the kernel refuses the now identical key) makes the planner look again.
     *
     * @return the forwards published
     */
    public List<PortForward> publish(AttachmentKey attachment, PortPlanner planner, List<IpPrefix> masqueradeFrom) {
        synchronized (WRITE_LOCK) {
            try (PublishLock ignored = PublishLock.acquire(PublishLock.DEFAULT)) {
                return publishLocked(attachment, planner, masqueradeFrom);
            }
        }
    }

    private List<PortForward> publishLocked(AttachmentKey attachment, PortPlanner planner, List<IpPrefix> masqueradeFrom) {
        for (int attempt = 1; ; attempt++) {
            Listing table = InetTable.list(host);
            List<PortForward> forwards = planner.plan(PortMapTable.mappedPorts(table));
            requireDistinct(forwards);
            PortMapTable.Changes changes = PortMapTable.plan(table, attachment, forwards,
                    masquerades(forwards, masqueradeFrom));
            try {
                if (!changes.none()) {
                    Nftables.run(host, changes.script());
                }
                return forwards;
            } catch (AlreadyExistsException | NotFoundException raced) {
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    /** Every published port, with the comment naming its attachment. */
    public List<MappedPort> publishedPorts() {
        return PortMapTable.mappedPorts(InetTable.list(host));
    }

    /** The ports the attachment publishes. */
    public List<PortForward> publishedPorts(AttachmentKey attachment) {
        return publishedPorts().stream().filter(m -> m.ownedBy(attachment)).map(MappedPort::forward).toList();
    }

    /** Whether the static chains and the attachment's elements for these forwards and masquerades are in place. */
    public boolean published(AttachmentKey attachment, List<PortForward> forwards, List<IpPrefix> masqueradeFrom) {
        return PortMapTable.hasAll(InetTable.list(host), attachment, forwards, masquerades(forwards, masqueradeFrom));
    }

    /** Writes the static chains, maps and sets of port publishing (idempotent); fails when the table cannot be written. */
    public void preparePublishing() {
        synchronized (WRITE_LOCK) {
            Nftables.run(host, PortMapTable.skeleton());
        }
    }

    /** Removes the attachment's published ports; nothing when it has none. */
    public int unpublish(AttachmentKey attachment) {
        return releaseWhere(attachment::owns, false);
    }

    /** Removes the attachment's per-container state (MAC spoof check and published ports); nothing when it has none. */
    public void releaseAttachment(AttachmentKey attachment) {
        releaseWhere(attachment::owns, true);
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
        return releaseWhere(comment -> comment.startsWith(networkTag) && !kept.contains(tagOf(comment)), true);
    }

    private int releaseWhere(Predicate<String> byComment, boolean macGuard) {
        synchronized (WRITE_LOCK) {
            int removed = 0;
            if (macGuard) {
                try {
                    removed += MacSpoofGuard.release(host, MacSpoofGuard.list(host), byComment);
                } catch (NotFoundException raced) {
                    // Another process deleted some of them between our list and delete: list again.
                    removed += MacSpoofGuard.release(host, MacSpoofGuard.list(host), byComment);
                }
            }
            for (int attempt = 1; ; attempt++) {
                List<String> delete = PortMapTable.release(InetTable.list(host), byComment);
                try {
                    if (!delete.isEmpty()) {
                        Nftables.run(host, String.join("\n", delete) + "\n");
                    }
                    return removed + delete.size();
                } catch (NotFoundException raced) {
                    if (attempt == ATTEMPTS) {
                        throw raced;
                    }
                }
            }
        }
    }

    private static void requireDistinct(List<PortForward> forwards) {
        for (int i = 0; i < forwards.size(); i++) {
            for (int j = i + 1; j < forwards.size(); j++) {
                if (forwards.get(i).overlaps(forwards.get(j))) {
                    throw new IllegalArgumentException("port forwards " + forwards.get(i) + " and " + forwards.get(j)
                            + " take the same packets");
                }
            }
        }
    }

    /** Each source of the family to each container address of the forwards. */
    private static List<PortMapTable.Masquerade> masquerades(List<PortForward> forwards, List<IpPrefix> sources) {
        Set<InetAddress> destinations = new LinkedHashSet<>();
        forwards.forEach(f -> destinations.add(f.containerIp()));
        List<PortMapTable.Masquerade> out = new ArrayList<>();
        for (InetAddress destination : destinations) {
            for (IpPrefix source : sources) {
                PortMapTable.Masquerade masquerade = new PortMapTable.Masquerade(source, destination);
                if (source.isIpv6() == InetAddresses.isIpv6(destination) && !out.contains(masquerade)) {
                    out.add(masquerade);
                }
            }
        }
        return out;
    }

    private static String tagOf(String comment) {
        int space = comment.indexOf(' ');
        return space < 0 ? comment : comment.substring(0, space);
    }
}
