package dev.tether.cni.cli;

import picocli.CommandLine.Command;

/** {@code tether network ...}: user-defined networks like {@code docker network}, as CNI conflists any runtime reads. */
@Command(name = "network", description = "Create, list, inspect, connect, disconnect and remove networks (CNI conflists"
        + " in the config directory, like 'docker network').",
        subcommands = {NetworkCreateCommand.class, NetworkLsCommand.class, NetworkInspectCommand.class,
            NetworkConnectCommand.class, NetworkDisconnectCommand.class, NetworkRmCommand.class, NetworkPruneCommand.class})
final class NetworkCommand extends CommandGroup {
}
