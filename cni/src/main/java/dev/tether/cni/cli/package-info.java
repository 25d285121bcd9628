/**
 * The {@code tether} command line: {@link dev.tether.cni.cli.TetherCli} is the root; add a
 * subcommand by listing its picocli class in the root's {@code subcommands}. Throw
 * {@link dev.tether.cni.cli.CliException} for failures the user can fix.
 */
package dev.tether.cni.cli;
