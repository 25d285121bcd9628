/**
 * User-defined networks, like {@code docker network}, kept as CNI configuration lists that any
 * runtime reads. {@link dev.tether.cni.network.ConfigDir} reads the config directory (Tether's
 * conflists and hand-written ones, as {@link dev.tether.cni.network.Network}s) and writes new
 * ones; {@link dev.tether.cni.network.NetworkCreator} decides a new network (subnets from
 * {@link dev.tether.cni.network.SubnetPool} unless given, no overlap with other networks or
 * {@link dev.tether.cni.network.HostRoutes}) and writes its {@link dev.tether.cni.network.Conflist};
 * {@link dev.tether.cni.network.Connector} runs a network's list for a container as a runtime
 * would, through {@link dev.tether.cni.network.NetworkEnvironment}'s executor (Tether's plugins
 * via the daemon when it answers, else in-process; libcni's result cache);
 * {@link dev.tether.cni.network.Endpoints} joins the IPAM store's leases
 * ({@link dev.tether.cni.network.Leases}) with the cache; {@link dev.tether.cni.network.Remover}
 * removes networks with what they made; {@link dev.tether.cni.network.FirewallRepair} puts back
 * the rules of networks with containers and {@link dev.tether.cni.network.PortRepair} the published
 * ports of live attachments ({@code tether daemon} at start). The picocli commands
 * over this are {@code dev.tether.cni.cli.Network*Command}.
 */
package dev.tether.cni.network;
