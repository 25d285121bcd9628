package dev.tether.cni.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tether ipam ...}: the IPAM leases, through the daemon when it runs, else from the store. */
@Command(name = "ipam", description = "List, reserve and release IPAM leases (through the daemon, else on the store).",
        subcommands = {IpamLsCommand.class, IpamShowCommand.class, IpamUsageCommand.class, IpamReserveCommand.class,
            IpamReleaseCommand.class, IpamGcCommand.class})
final class IpamCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
