package dev.tether.ipam.config;

import java.util.List;

/**
 * A parsed, validated, host-local compatible {@code ipam} section.
 *
 * @param definition   network name, range sets and excluded addresses
 * @param routes       routes for the result, passed through
 * @param dataDir      {@code dataDir} key, or null (see {@link dev.tether.ipam.store.StoreLocation})
 * @param resolvConf   {@code resolvConf} key, or null
 * @param daemonSocket {@code daemonSocket} key (ipam section, else top level), or null
 */
public record IpamConfig(NetworkDefinition definition, List<Route> routes, String dataDir,
                         String resolvConf, String daemonSocket) {

    public IpamConfig {
        routes = List.copyOf(routes);
    }

    public String network() {
        return definition.network();
    }
}
