/**
 * The CNI spec (1.1.0 and the versions runtimes still send, 0.1.0 to 1.0.0) as data: versions
 * ({@link dev.tether.cni.spec.CniVersion}), commands and their environment
 * ({@link dev.tether.cni.spec.CniCommand}, {@link dev.tether.cni.spec.CniEnv},
 * {@link dev.tether.cni.spec.CniArgs}), errors ({@link dev.tether.cni.spec.CniException},
 * {@link dev.tether.cni.spec.CniError}, {@link dev.tether.cni.spec.ErrorCode}), request configs
 * ({@link dev.tether.cni.spec.PluginConfig}, {@link dev.tether.cni.spec.IpamConfig}), network
 * configuration lists ({@link dev.tether.cni.spec.NetworkConfigList},
 * {@link dev.tether.cni.spec.PluginEntry}) and results ({@link dev.tether.cni.spec.Result}, read
 * from and written to every version).
 *
 * <p>Every bad input becomes a {@link dev.tether.cni.spec.CniException} whose message names the
 * variable or field ({@code CNI_IFNAME}, {@code ipam.routes[0].dst}) and what is wrong with it.
 */
package dev.tether.cni.spec;
