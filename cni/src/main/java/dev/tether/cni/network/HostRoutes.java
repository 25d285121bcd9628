package dev.tether.cni.network;

import dev.tether.cni.net.Namespace;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.rtnl.route.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * The destinations the host already routes somewhere (main table, both families, default routes
 * left out): a new network's subnet must overlap none of them, or its containers could not reach
 * what lies there (Docker's check).
 */
public final class HostRoutes {
    private HostRoutes() {}

    public static List<IpPrefix> destinations(Namespace host) {
        List<IpPrefix> out = new ArrayList<>();
        for (Family family : List.of(Family.IPV4, Family.IPV6)) {
            for (Route route : host.routes().list(family)) {
                if (route.destination().prefixLength() > 0) {
                    out.add(route.destination().network());
                }
            }
        }
        return out;
    }
}
