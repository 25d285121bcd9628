/**
 * Tether's CNI plugins and what they share: {@link dev.tether.cni.plugins.PluginRegistry} (the
 * plugins by type, for the launcher, in-process delegation and the daemon),
 * {@link dev.tether.cni.plugins.PluginContext} (host namespace, invoker, firewall),
 * {@link dev.tether.cni.plugins.Containers} (CNI_NETNS with the spec's codes),
 * {@link dev.tether.cni.plugins.Rollback} (undoing a failed ADD) and
 * {@link dev.tether.cni.plugins.KernelCalls} (kernel refusals as error objects).
 */
package dev.tether.cni.plugins;
