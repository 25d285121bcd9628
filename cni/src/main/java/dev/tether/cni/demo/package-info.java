/**
 * {@code tether demo}: {@link dev.tether.cni.demo.Demo} connects two container namespaces to a
 * Tether bridge network in a private host namespace through the plugins' own code and shows them
 * reaching each other ({@link dev.tether.cni.demo.TcpExchange} for the TCP part).
 */
package dev.tether.cni.demo;
