package dev.tether.cni.cli;

import dev.tether.cni.daemon.TetherDaemon;
import dev.tether.cni.dns.DnsSettings;
import dev.tether.ipam.IpamException;
import dev.tether.ipam.daemon.DaemonAlreadyRunningException;
import dev.tether.ipam.daemon.DaemonSocket;
import dev.tether.ipam.store.StoreLocation;
import dev.tether.natives.libc.NativeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tether daemon}: serves the plugins and the IPAM queries on a unix socket, and DNS on
 * the networks' gateways, in the foreground (for systemd), logging to stderr, until SIGTERM or
 * SIGINT, which stop it gracefully.
 */
@Command(name = "daemon", description = {
    "Run the tether daemon in the foreground: it owns the IPAM store, answers the plugins and"
            + " 'tether ipam' on a unix socket (root only), and serves DNS on the networks' gateways."
            + " Stop it with SIGTERM."})
final class DaemonCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Socket to listen on (default: $TETHER_SOCKET, else " + "/run/tether/tether.sock).")
    Path socket;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the IPAM store for calls that name none (default: $TETHER_DATA_DIR,"
                    + " else /var/lib/tether).")
    Path dataDir;

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "/etc/cni/net.d",
            description = "CNI configuration directory: its Tether networks get DNS, and at start the firewall rules of"
                    + " its networks that have containers are put back where missing (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = "--cache-dir", paramLabel = "DIR", defaultValue = "/var/lib/cni",
            description = "libcni's result cache directory, shared with the runtimes: at start the published ports of"
                    + " the attachments it lists that still hold a lease are put back where missing"
                    + " (default: ${DEFAULT-VALUE}).")
    Path cacheDir;

    @Option(names = "--resolv-conf", paramLabel = "FILE", defaultValue = "/etc/resolv.conf",
            description = "Where the upstream resolvers for names outside Tether's networks are listed"
                    + " (default: ${DEFAULT-VALUE}).")
    Path resolvConf;

    @Option(names = "--no-dns",
            description = "Serve no DNS on the networks' gateways (by default the daemon answers container names"
                    + " there and forwards other names).")
    boolean noDns;

    @Option(names = "--host-netns", paramLabel = "PATH",
            description = "Network namespace the plugins act in as the host (default: $" + NetworkOptions.ENV_HOST_NETNS
                    + ", else the daemon's own).")
    Path hostNetns;

    @Override
    public Integer call() {
        Path listenOn = socket != null ? socket : DaemonSocket.resolve(null, System.getenv());
        Path store = dataDir != null ? dataDir : StoreLocation.dataDir(null, System.getenv());
        TetherDaemon daemon;
        try {
            daemon = TetherDaemon.start(listenOn, store, configDir, cacheDir, hostNetns != null ? hostNetns : envHostNetns(),
                    noDns ? null : DnsSettings.of(configDir, resolvConf));
        } catch (DaemonAlreadyRunningException e) {
            throw new CliException("a tether daemon is already running on " + listenOn
                    + "; stop it first, or give this one another --socket");
        } catch (IOException e) {
            throw new CliException("cannot listen on " + listenOn + ": " + e.getMessage()
                    + " (check the path and its directory, or choose another --socket)", e);
        } catch (IpamException e) {
            throw new CliException(e.getMessage() + " (check --data-dir)", e);
        } catch (IllegalArgumentException | NativeException e) {
            throw new CliException("cannot open the host namespace: " + e.getMessage() + " (check --host-netns)", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "tether-daemon-shutdown"));
        daemon.awaitStop();
        return TetherCli.EXIT_OK;
    }

    private static Path envHostNetns() {
        String path = System.getenv(NetworkOptions.ENV_HOST_NETNS);
        return path == null || path.isBlank() ? null : Path.of(path);
    }
}
