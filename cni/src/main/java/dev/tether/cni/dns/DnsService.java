package dev.tether.cni.dns;

import dev.tether.cni.net.Namespace;
import dev.tether.ipam.daemon.DaemonHandler;
import dev.tether.ipam.daemon.Reply;
import dev.tether.ipam.store.StoreAccess;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.addr.Addr;
import dev.tether.natives.rtnl.addr.AddrFlags;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's DNS server (like Docker's embedded DNS and podman's aardvark-dns): on each
 * network's gateway address in the host namespace it answers the names of that network's
 * containers and forwards other names to the host's resolvers.
 *
 * <p>One reconcile thread keeps it current: it refreshes the networks' names from the IPAM
 * store ({@link NameSource}) and binds or closes listeners so that exactly the gateways of
 * networks with containers that are present on the host are served ({@link ListenerSet}). It runs
 * at start, after every ADD, DEL or GC through the daemon (before the daemon replies, so a
 * container's first query finds its network's listener and its own name), and every
 * {@link DnsSettings#reconcileInterval()} for what happens without the daemon (plugins run
 * without it, addresses removed by hand, conflists written).
 */
public final class DnsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsService.class);
    /** Most a call through the daemon waits for the DNS to catch up. */
    private static final long CATCH_UP_SECONDS = 5;
    private static final int WORKERS = 32;
    private static final int WORKER_QUEUE = 256;

    private final DnsSettings settings;
    private final Path dataDir;
    private final Namespace host;
    private final NameSource names;
    private final ThreadPoolExecutor workers;
    private final ListenerSet listeners;
    private final ScheduledExecutorService reconciler;
    private final NameBook book = new NameBook();
    private String lastFailure;

    private DnsService(DnsSettings settings, NetNs hostNs, StoreAccess stores, Path dataDir) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.host = Namespace.of(hostNs);
        this.names = new NameSource(new NetworkCatalog(settings.configDir()), stores, dataDir, book);
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE), threads("tether-dns-worker"));
        this.workers.allowCoreThreadTimeOut(true);
        Forwarder forwarder = new Forwarder(hostNs, new Upstreams(settings.resolvConf()), settings.upstreamTimeout(),
                this::listening);
        this.listeners = new ListenerSet(hostNs, settings.port(), new Responder(book, forwarder), workers);
        this.reconciler = Executors.newSingleThreadScheduledExecutor(threads("tether-dns-reconcile"));
    }

    /**
     * A DNS service, not serving yet (see {@link #start()}).
     *
     * @param host    the namespace whose gateway addresses are served and whose routes reach the upstreams
     * @param stores  the daemon's store access (the DNS reads leases through it)
     * @param dataDir the daemon's data directory (calls and networks that name none use it)
     */
    public static DnsService create(DnsSettings settings, NetNs host, StoreAccess stores, Path dataDir) {
        return new DnsService(settings, host, stores, dataDir);
    }

    /**
     * Reads every network's names and binds the listeners (done when this returns), then keeps
     * reconciling. Calls watched before this are handled as later ones: each brings the names and
     * listeners up to date before it is answered.
     */
    public DnsService start() {
        long interval = settings.reconcileInterval().toMillis();
        runAndWait(this::reconcile);
        reconciler.scheduleWithFixedDelay(this::reconcile, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("DNS: Tether networks of {}, upstream resolvers of {}", settings.configDir(), settings.resolvConf());
        return this;
    }

    /**
     * A daemon handler that, after the call and before its reply, brings this service up to date
     * with what the call changed: the attachment's lease after an ADD or DEL, the network after a
     * GC or an IPAM query that reserves or releases. Wrap the handlers before the daemon serves
     * its first call, so that no ADD is answered before its network's listener is up (also one
     * that comes before {@link #start()}).
     */
    public DaemonHandler watching(String handlerName, DaemonHandler handler) {
        return (env, stdin) -> {
            Reply reply = handler.handle(env, stdin);
            try {
                afterCall(handlerName, env, stdin);
            } catch (RuntimeException e) {
                LOG.warn("DNS update after a {} call failed", handlerName, e);
            }
            return reply;
        };
    }

    private void afterCall(String handlerName, Map<String, String> env, byte[] stdin) {
        CallChange.of(handlerName, env, stdin, dataDir).ifPresent(change -> runAndWait(() -> {
            change.applyTo(names);
            reconcile();
        }));
    }

    /** The addresses served now. */
    public Set<InetAddress> listening() {
        return listeners.addresses();
    }

    private void reconcile() {
        try {
            names.refresh();
            listeners.reconcile(wanted());
            lastFailure = null;
        } catch (RuntimeException e) {
            String failure = String.valueOf(e.getMessage());
            if (!failure.equals(lastFailure)) {
                LOG.warn("DNS reconcile failed (retrying every {} ms)", settings.reconcileInterval().toMillis(), e);
                lastFailure = failure;
            }
        }
    }

    /**
     * Gateway address to network, for networks with containers whose gateway is on the host now.
     * Two networks claiming one address is a misconfiguration: the first by name keeps it.
     */
    private Map<InetAddress, String> wanted() {
        Set<InetAddress> present = new HashSet<>();
        for (Addr addr : host.addresses().list(Family.ALL)) {
            if (!addr.hasFlag(AddrFlags.TENTATIVE) && !addr.hasFlag(AddrFlags.DADFAILED)) {
                present.add(addr.address());
            }
        }
        Map<InetAddress, String> wanted = new LinkedHashMap<>();
        for (NetworkNames network : book.networks()) {
            if (network.containers() == 0) {
                continue;
            }
            for (InetAddress gateway : network.gateways()) {
                if (present.contains(gateway)) {
                    String other = wanted.putIfAbsent(gateway, network.network());
                    if (other != null) {
                        LOG.debug("gateway {} of network {} is already served for network {}", gateway, network.network(), other);
                    }
                }
            }
        }
        return wanted;
    }

    private void runAndWait(Runnable task) {
        Future<?> done = reconciler.submit(task);
        try {
            done.get(CATCH_UP_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("the DNS took more than {} s to catch up; it goes on in the background", CATCH_UP_SECONDS);
        } catch (ExecutionException e) {
            LOG.warn("DNS update failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the listeners (their ports are free when this returns) and the threads. */
    @Override
    public void close() {
        reconciler.shutdown(); // no interrupt: a reconcile may be reading the store's file
        try {
            reconciler.awaitTermination(CATCH_UP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.close();
        workers.shutdownNow();
        host.close();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
