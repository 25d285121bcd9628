package dev.tether.cni.skel;

import dev.tether.cni.spec.CniCommand;
import dev.tether.cni.spec.CniError;
import dev.tether.cni.spec.CniVersion;
import dev.tether.cni.spec.EnvVar;
import dev.tether.cni.spec.ErrorCode;
import dev.tether.cni.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Binds a plugin to the real process: environment, stdin, stdout, stderr and exit code. The only
 * place of a plugin that touches them; a plugin's main is {@code PluginMain.run(new MyPlugin())}.
 */
public final class PluginMain {
    private PluginMain() {}

    /** Runs the plugin for this process's call and exits with its code. */
    public static void run(CniPlugin plugin) {
        run(new PluginRunner(plugin));
    }

    /** Runs any handler for this process's call and exits with its code. */
    public static void run(PluginHandler handler) {
        boolean interactive = System.console() != null;
        PrintStream stdout = System.out;
        // stdout carries only the result: anything else printing to System.out lands on stderr.
        System.setOut(System.err);
        int code = serve(handler, System.getenv(), System.in, stdout, System.err, interactive);
        stdout.flush();
        System.err.flush();
        // Not System.exit: since JDK 21 it first asks System.Logger whether to log the exit, which
        // sets up java.util.logging in every exec'd plugin (~5 ms). A plugin registers no shutdown
        // hooks and has closed its store and written its streams by now, so there is nothing to run.
        Runtime.getRuntime().halt(code);
    }

    /**
     * One call over the given streams: reads stdin, runs the handler, writes stdout and stderr.
     *
     * @param interactive true when a person runs the plugin at a terminal: then stdin is not read
     *     for VERSION or a missing CNI_COMMAND, so the about line shows without waiting for input
     * @return the exit code
     */
    public static int serve(PluginHandler handler, Map<String, String> env, InputStream stdin, OutputStream stdout,
                            OutputStream stderr, boolean interactive) {
        String command = env.get(EnvVar.COMMAND);
        boolean skipStdin = interactive
                && (command == null || command.isEmpty() || CniCommand.VERSION.name().equals(command));
        byte[] input;
        try {
            input = skipStdin ? new byte[0] : stdin.readAllBytes();
        } catch (IOException e) {
            CniError error = new CniError(ErrorCode.IO_FAILURE, "cannot read stdin: " + e.getMessage(), "");
            return writeOut(new Outcome(PluginRunner.ERROR_EXIT, Json.bytes(error.toJson(CniVersion.CURRENT)), null),
                    stdout, stderr);
        }
        return writeOut(handler.handle(new Invocation(env, input)), stdout, stderr);
    }

    private static int writeOut(Outcome outcome, OutputStream stdout, OutputStream stderr) {
        try {
            stderr.write(outcome.stderr());
            stderr.flush();
        } catch (IOException e) {
            // stderr is best effort
        }
        try {
            stdout.write(outcome.stdout());
            stdout.flush();
        } catch (IOException e) {
            return PluginRunner.ERROR_EXIT; // the runtime cannot read our answer anyway
        }
        return outcome.exitCode();
    }
}
