package dev.tether.cni.network;

import dev.tether.cni.firewall.NetworkRules;
import dev.tether.cni.firewall.TetherFirewall;
import dev.tether.natives.libc.NativeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Puts back the firewall rules of networks that have containers, e.g. after the host flushed its
 * ruleset: {@code tether daemon} runs it at start (the next ADD of each network would do it too).
 */
public final class FirewallRepair {
    private FirewallRepair() {}

    /** What a repair did. */
    public record Report(List<String> ensured, List<String> problems) {}

    /**
     * Ensures the rules of every network of the directory that tether-bridge serves and that
     * appears in {@code withContainers}: only the missing ones are written.
     */
    public static Report run(ConfigDir dir, TetherFirewall firewall, Collection<String> withContainers) {
        List<String> ensured = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ConfigDir.Scan scan = dir.scan();
        for (Network network : scan.networks()) {
            if (!withContainers.contains(network.name()) || !network.usesTetherBridge()) {
                continue;
            }
            Optional<NetworkRules> rules = network.firewallRules();
            if (rules.isEmpty()) {
                problems.add("network " + network.name() + " (" + network.file() + "): its tether-bridge configuration is invalid");
                continue;
            }
            try {
                firewall.ensureNetwork(rules.get());
                ensured.add(network.name());
            } catch (NativeException e) {
                problems.add("network " + network.name() + ": " + e.getMessage());
            }
        }
        return new Report(ensured, problems);
    }
}
