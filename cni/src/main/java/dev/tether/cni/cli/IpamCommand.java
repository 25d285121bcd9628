package dev.tether.cni.cli;

import picocli.CommandLine.Command;

/** {@code tether ipam ...}: the IPAM leases, through the daemon when it runs, else from the store. */
@Command(name = "ipam", description = "List, reserve and release IPAM leases (through the daemon, else on the store).",
        subcommands = {IpamLsCommand.class, IpamShowCommand.class, IpamUsageCommand.class, IpamReserveCommand.class,
            IpamReleaseCommand.class, IpamGcCommand.class})
final class IpamCommand extends CommandGroup {
}
