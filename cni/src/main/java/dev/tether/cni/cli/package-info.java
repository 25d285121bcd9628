/**
 * The {@code tether} command line: {@link dev.tether.cni.cli.TetherCli} is the root; add a
 * subcommand by listing its picocli class in the root's {@code subcommands}. Throw
 * {@link dev.tether.cni.cli.CliException} for failures the user can fix.
 *
 * <ul>
 *   <li>{@code tether daemon [--socket PATH] [--data-dir DIR] [--config-dir DIR] [--host-netns PATH]}: the daemon in the foreground
 *       ({@link dev.tether.cni.daemon.TetherDaemon}); SIGTERM stops it gracefully (exit status
 *       143, as for any JVM ended by SIGTERM: a systemd unit says {@code SuccessExitStatus=143}).</li>
 *   <li>{@code tether ipam ls [NETWORK] | show CONTAINER | usage [NETWORK] | reserve NETWORK IP |
 *       release NETWORK CONTAINER [IFNAME] | gc NETWORK --keep ID[:IF]... | --all}, each with
 *       {@code --json}, {@code --data-dir}, {@code --socket}: through the daemon when it answers,
 *       else on the store.</li>
 *   <li>{@code tether network create|ls|inspect|connect|disconnect|rm|prune}, each with
 *       {@code --config-dir}, {@code --cache-dir}, {@code --cni-path}, {@code --data-dir},
 *       {@code --socket}, {@code --host-netns}: user-defined networks on CNI conflists
 *       ({@link dev.tether.cni.network}); reference in docs/networks.md.</li>
 *   <li>{@code tether demo}: two throw-away containers on a Tether bridge network reaching each
 *       other ({@link dev.tether.cni.demo.Demo}).</li>
 * </ul>
 */
package dev.tether.cni.cli;
