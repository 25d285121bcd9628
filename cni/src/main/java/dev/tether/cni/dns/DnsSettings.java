package dev.tether.cni.dns;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the daemon's DNS service runs.
 *
 * @param configDir         the CNI config dir whose Tether networks get DNS
 * @param resolvConf        the host's resolver configuration: its nameservers are the upstreams
 * @param port              53; another port only for experiments
 * @param upstreamTimeout   how long each upstream gets to answer before the next is asked
 * @param reconcileInterval how often listeners and names are brought up to date without a call
 *     through the daemon (containers added by exec'd plugins, conflists written, addresses gone)
 */
public record DnsSettings(Path configDir, Path resolvConf, int port, Duration upstreamTimeout, Duration reconcileInterval) {
    public static final Path DEFAULT_CONFIG_DIR = Path.of("/etc/cni/net.d");
    public static final Path DEFAULT_RESOLV_CONF = Path.of("/etc/resolv.conf");

    public DnsSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1-65535");
        }
        if (upstreamTimeout.isNegative() || upstreamTimeout.isZero() || reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public static DnsSettings of(Path configDir, Path resolvConf) {
        return new DnsSettings(configDir, resolvConf, Forwarder.DNS_PORT, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    public DnsSettings withUpstreamTimeout(Duration timeout) {
        return new DnsSettings(configDir, resolvConf, port, timeout, reconcileInterval);
    }

    public DnsSettings withReconcileInterval(Duration interval) {
        return new DnsSettings(configDir, resolvConf, port, upstreamTimeout, interval);
    }
}
