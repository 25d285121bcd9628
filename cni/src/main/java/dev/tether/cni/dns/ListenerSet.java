package dev.tether.cni.dns;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.netns.NetNs;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open listeners, made to match the wanted ones (gateway address to network) at each
 * reconcile: new addresses are bound, vanished ones closed, an address that changed network
 * rebound. A bind failure is logged once per address and reason, and retried at the next
 * reconcile.
 */
final class ListenerSet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerSet.class);

    private final NetNs host;
    private final int port;
    private final Responder responder;
    private final Executor workers;
    private final Map<InetAddress, DnsListener> open = new HashMap<>();
    private final Map<InetAddress, String> failures = new HashMap<>();
    private volatile Set<InetAddress> addresses = Set.of();

    ListenerSet(NetNs host, int port, Responder responder, Executor workers) {
        this.host = host;
        this.port = port;
        this.responder = responder;
        this.workers = workers;
    }

    synchronized void reconcile(Map<InetAddress, String> wanted) {
        for (Iterator<DnsListener> it = open.values().iterator(); it.hasNext(); ) {
            DnsListener listener = it.next();
            if (!listener.network().equals(wanted.get(listener.address()))) {
                listener.close();
                it.remove();
                LOG.info("stopped DNS of network {} on {}", listener.network(), format(listener.address()));
            }
        }
        wanted.forEach((address, network) -> {
            if (!open.containsKey(address)) {
                bind(address, network);
            }
        });
        failures.keySet().retainAll(wanted.keySet());
        addresses = Set.copyOf(open.keySet());
    }

    private void bind(InetAddress address, String network) {
        try {
            open.put(address, DnsListener.open(host, address, port, network, responder, workers));
            failures.remove(address);
            LOG.info("serving DNS of network {} on {} port {} (UDP and TCP)", network, format(address), port);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.toString();
            if (!reason.equals(failures.put(address, reason))) {
                LOG.warn("cannot serve DNS of network {} on {} port {}: {} (retrying)", network, format(address), port, reason);
            }
        }
    }

    /** The addresses served now. */
    Set<InetAddress> addresses() {
        return addresses;
    }

    @Override
    public synchronized void close() {
        open.values().forEach(DnsListener::close);
        open.clear();
        addresses = Set.of();
    }

    private static String format(InetAddress address) {
        return InetAddresses.format(address);
    }
}
