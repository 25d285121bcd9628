/**
 * tether-portmap ({@link dev.tether.cni.plugins.portmap.PortMapPlugin}): the reference portmap's
 * capability ({@code portMappings}) and config keys on nftables maps in Tether's table.
 * {@code PortMapConfig} and {@code PortRequest} read the config, {@code ContainerAddresses} the
 * previous result, {@code PortPlan} turns mappings into forwards (picking free ports from
 * {@code PortRange}, avoiding those {@code HostSockets} holds), {@code PortMapAdd} publishes them,
 * {@link dev.tether.cni.plugins.portmap.PortRestore} again from a cached ADD (daemon start); the elements themselves are {@link dev.tether.cni.firewall.TetherFirewall}'s.
 */
package dev.tether.cni.plugins.portmap;
