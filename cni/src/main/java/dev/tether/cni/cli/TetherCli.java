package dev.tether.cni.cli;

import dev.tether.cni.spec.CniException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code tether} command. Subcommands ({@code daemon}, {@code ipam ...}, {@code network ...})
 * are picocli command classes listed in {@code subcommands} below. Every failure is one line on
 * stderr and an exit code: 0 success, 1 error, 2 bad usage; {@code --debug} adds the stack trace.
 */
@Command(name = "tether", mixinStandardHelpOptions = true, versionProvider = TetherVersion.class,
        description = "Tether: CNI bridge networking, IPAM daemon and network management.",
        subcommands = {VersionCommand.class, DaemonCommand.class, IpamCommand.class, NetworkCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class})
public final class TetherCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors to stderr.")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }

    /** Runs the CLI with the given output streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(commandLine(), args, out, err);
    }

    /** Runs a command tree from {@link #commandLine()} (possibly with extra subcommands). */
    public static int run(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** The configured command tree, with tether's error handling and exit codes. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TetherCli());
        cli.setParameterExceptionHandler(TetherCli::usageError);
        cli.setExecutionExceptionHandler(TetherCli::executionError);
        cli.setExitCodeExceptionMapper(e -> e instanceof ParameterException ? EXIT_USAGE : EXIT_ERROR);
        return cli;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-") && !failed.getSubcommands().isEmpty()) {
            message = "unknown command '" + unmatched.getUnmatched().get(0) + "'";
        }
        failed.getErr().println("tether: " + oneLine(message) + " (see '"
                + failed.getCommandSpec().qualifiedName() + " --help')");
        return EXIT_USAGE;
    }

    private static int executionError(Exception e, CommandLine failed, ParseResult parsed) {
        PrintWriter err = failed.getErr();
        if (debugRequested(parsed)) {
            e.printStackTrace(err);
        }
        String message;
        if (e instanceof CliException) {
            message = e.getMessage();
        } else if (e instanceof CniException cni) {
            message = cni.toError().toString() + " (CNI error code " + cni.code() + ")";
        } else {
            message = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (debugRequested(parsed) ? "" : " (run with --debug for details)");
        }
        err.println("tether: error: " + oneLine(message));
        return EXIT_ERROR;
    }

    private static boolean debugRequested(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
