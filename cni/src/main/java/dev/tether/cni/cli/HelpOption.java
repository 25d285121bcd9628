package dev.tether.cni.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for a subcommand (the root's standard help options are not inherited). */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
