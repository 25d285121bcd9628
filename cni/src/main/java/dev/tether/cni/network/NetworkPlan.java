package dev.tether.cni.network;

import java.util.List;

/**
 * A network {@code tether network create} has decided on, everything resolved: the subnets with
 * their gateways and ranges, the bridge and the policy.
 *
 * @param mtu 0 for the kernel's default
 * @param ipMasq masquerade traffic leaving the network (never for an internal one)
 * @param icc containers of the network may talk to each other (false: isolated bridge ports)
 */
public record NetworkPlan(String name, TetherMeta meta, String bridge, int mtu, boolean internal, boolean ipMasq,
                          boolean icc, List<Subnet> subnets) {

    public NetworkPlan {
        subnets = List.copyOf(subnets);
        if (internal && ipMasq) {
            throw new IllegalArgumentException("an internal network is not masqueraded");
        }
    }
}
