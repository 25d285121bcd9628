/**
 * Tether's side of the daemon: {@link dev.tether.cni.daemon.TetherDaemon} runs the ipam module's
 * socket server with the handlers of {@link dev.tether.cni.daemon.DaemonHandlers} (the plugins
 * by type, {@code ipam-query}), and {@link dev.tether.cni.daemon.DaemonForwarding} is the exec'd
 * plugins' half: hand the call to the daemon when one answers, else run it in-process.
 */
package dev.tether.cni.daemon;
