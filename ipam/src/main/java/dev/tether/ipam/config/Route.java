package dev.tether.ipam.config;

import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;

/**
 * A route for the result ({@code ipam.routes}), passed through as host-local does.
 * Optional fields are null when absent; {@code gw} null means "use the subnet's gateway".
 */
public record Route(IpPrefix dst, IpAddress gw, Integer mtu, Integer advmss, Integer priority,
                    Integer table, Integer scope) {

    public static Route of(IpPrefix dst, IpAddress gw) {
        return new Route(dst, gw, null, null, null, null, null);
    }
}
