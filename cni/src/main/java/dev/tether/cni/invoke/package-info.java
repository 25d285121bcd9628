/**
 * Calling plugins: by type, in-process ({@link dev.tether.cni.invoke.InProcessRegistry}) or by
 * exec from CNI_PATH ({@link dev.tether.cni.invoke.PluginInvoker}); delegation from a plugin
 * (spec section 4, {@link dev.tether.cni.invoke.Delegate}); and the runtime side of network
 * configuration lists (spec section 3, {@link dev.tether.cni.invoke.NetworkExecutor}) with
 * libcni's result cache ({@link dev.tether.cni.invoke.ResultCache}).
 */
package dev.tether.cni.invoke;
