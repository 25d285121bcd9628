package dev.tether.cni.network;

import dev.tether.cni.net.Namespace;
import dev.tether.cni.plugins.bridge.BridgeConfig;
import dev.tether.cni.spec.Identifiers;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.natives.rtnl.link.Bridge;
import dev.tether.natives.rtnl.link.Link;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tether network create}: checks the request against the config directory and the host,
 * decides subnets, bridge and policy, and writes the network's conflist. Nothing is made on the
 * host: the bridge and the rules come with the first container (tether-bridge's ADD).
 */
public final class NetworkCreator {
    public static final String DRIVER = "bridge";
    static final String OPT_BRIDGE = "com.docker.network.bridge.name";
    static final String OPT_ICC = "com.docker.network.bridge.enable_icc";
    static final String OPT_MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";
    static final String OPT_MTU = "com.docker.network.driver.mtu";
    static final String OPT_MTU_SHORT = "mtu";
    /** Bridges Tether names itself: "tt-" and the start of the network's ID (15 characters, the kernel's limit). */
    static final String BRIDGE_PREFIX = "tt-";
    private static final int MIN_MTU = 68;
    private static final int MAX_MTU = 65535;

    private final ConfigDir dir;
    private final Namespace host;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public NetworkCreator(ConfigDir dir, Namespace host, Clock clock) {
        this.dir = dir;
        this.host = host;
        this.clock = clock;
    }

    /**
     * Creates the network under the config directory's lock (so that concurrent creates cannot
     * take one name or one subnet twice).
     *
     * @throws NetworkException naming what is wrong (name taken, overlap, bad value) before anything is written
     */
    public Network create(CreateRequest request) {
        return dir.locked(() -> createLocked(request));
    }

    private Network createLocked(CreateRequest request) {
        String name = request.name();
        String problem = Identifiers.networkNameProblem(name);
        if (problem != null) {
            throw new InvalidValueException("invalid network name: " + problem);
        }
        if (request.driver() != null && !request.driver().equals(DRIVER)) {
            throw new InvalidValueException("driver \"" + request.driver() + "\" is not supported: Tether networks use the"
                    + " \"" + DRIVER + "\" driver (tether-bridge)");
        }
        ConfigDir.Scan scan = dir.scan();
        Optional<Network> existing = scan.find(name);
        if (existing.isPresent() || Files.exists(dir.fileFor(name))) {
            throw new NetworkException("network " + name + " exists (" + existing.map(Network::file).orElse(dir.fileFor(name))
                    + "); choose another name or run 'tether network rm " + name + "'");
        }
        var subnets = SubnetPlanner.of(scan, HostRoutes.destinations(host)).plan(request);
        String id = HexFormat.of().formatHex(bytes(32));
        String bridge = bridge(request, id, scan);
        boolean icc = flag(request.icc(), request.options(), OPT_ICC, true);
        boolean masquerade = !request.internal() && flag(null, request.options(), OPT_MASQUERADE, true);
        TetherMeta meta = new TetherMeta(id, clock.instant().truncatedTo(ChronoUnit.SECONDS), DRIVER, request.labels(),
                request.options());
        NetworkPlan plan = new NetworkPlan(name, meta, bridge, mtu(request), request.internal(), masquerade, icc, subnets);
        Conflist conflist = Conflist.of(plan);
        return Network.of(dir.create(name, conflist.bytes()), NetworkConfigList.parse(conflist.bytes()));
    }

    private byte[] bytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    /** --bridge, else the Docker option, else "tt-" + the ID's start; never another network's, never a link that is not a bridge. */
    private String bridge(CreateRequest request, String id, ConfigDir.Scan scan) {
        String bridge = request.bridge() != null ? request.bridge()
                : request.options().getOrDefault(OPT_BRIDGE, BRIDGE_PREFIX + id.substring(0, 15 - BRIDGE_PREFIX.length()));
        String problem = BridgeConfig.bridgeNameProblem(bridge);
        if (problem != null) {
            throw new InvalidValueException("invalid bridge name: " + problem);
        }
        for (Network other : scan.networks()) {
            if (other.bridge() != null && other.bridge().name().equals(bridge)) {
                throw new NetworkException("bridge " + bridge + " is used by network " + other.name() + " (" + other.file()
                        + "); choose another --bridge");
            }
        }
        Optional<Link> link = host.links().find(bridge);
        if (link.isPresent() && !(link.get() instanceof Bridge)) {
            String kind = link.get().kind();
            throw new NetworkException("the host has " + (kind == null || kind.isEmpty() ? "a link" : "a " + kind + " link")
                    + " named " + bridge + ", not a bridge; choose another --bridge");
        }
        return bridge;
    }

    private static int mtu(CreateRequest request) {
        Integer mtu = request.mtu();
        String given = "--mtu " + mtu;
        String key = request.options().containsKey(OPT_MTU) ? OPT_MTU : OPT_MTU_SHORT;
        String option = request.options().get(key);
        if (mtu == null && option != null) {
            given = "option " + key + "=" + option;
            try {
                mtu = Integer.parseInt(option.strip());
            } catch (NumberFormatException e) {
                throw new InvalidValueException(given + " is not a number");
            }
        }
        if (mtu == null || mtu == 0) {
            return 0;
        }
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new InvalidValueException(given + " is outside " + MIN_MTU + "-" + MAX_MTU);
        }
        return mtu;
    }

    /** A flag given directly, else its Docker option ("true"/"false"), else the default. */
    private static boolean flag(Boolean given, Map<String, String> options, String option, boolean otherwise) {
        if (given != null) {
            return given;
        }
        String value = options.get(option);
        if (value == null) {
            return otherwise;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidValueException("option " + option + "=" + value + " must be true or false");
        };
    }
}
