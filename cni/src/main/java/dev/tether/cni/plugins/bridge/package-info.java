/**
 * tether-bridge ({@link dev.tether.cni.plugins.bridge.BridgePlugin}): the reference bridge
 * plugin's behaviour and config keys ({@link dev.tether.cni.plugins.bridge.BridgeConfig}) on
 * Tether's native layer. {@code BridgeAdd}, {@code BridgeDel} and {@code BridgeCheck} hold the
 * commands; {@code GatewayPlan} is the reference's calcGateways.
 */
package dev.tether.cni.plugins.bridge;
