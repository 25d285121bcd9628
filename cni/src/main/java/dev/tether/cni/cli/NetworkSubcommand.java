package dev.tether.cni.cli;

import dev.tether.cni.network.InvalidValueException;
import dev.tether.cni.network.NetworkEnvironment;
import dev.tether.cni.network.NetworkException;
import dev.tether.cni.plugins.PluginRegistry;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Json;
import dev.tether.natives.libc.NativeException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One {@code tether network} command: runs on a {@link NetworkEnvironment} made from the
 * options, closed afterwards; a {@link NetworkException} (or a kernel refusal) becomes the CLI's
 * one-line error, an {@link InvalidValueException} a usage error (exit 2). What Tether's plugins write on stderr is printed only with --debug.
 */
abstract class NetworkSubcommand implements Callable<Integer> {
    @Mixin
    NetworkOptions options;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    /** The plugins' diagnostics during this command. */
    final ByteArrayOutputStream pluginStderr = new ByteArrayOutputStream();

    abstract void run(NetworkEnvironment env, PrintWriter out);

    @Override
    public Integer call() {
        try (NetworkEnvironment env = new NetworkEnvironment(options.settings(System.getenv()), PluginRegistry.standard())) {
            run(env, out());
            return TetherCli.EXIT_OK;
        } catch (InvalidValueException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (NetworkException e) {
            throw new CliException(e.getMessage(), e);
        } catch (NativeException e) {
            throw new CliException(e.getMessage() + " (are you root? is the host namespace right?)", e);
        } catch (CniException e) {
            throw new CliException(e.getMessage() + (e.details().isEmpty() ? "" : " (" + e.details() + ")"), e);
        } finally {
            out().flush();
            if (debug() && pluginStderr.size() > 0) {
                err().print(pluginStderr.toString(StandardCharsets.UTF_8));
                err().flush();
            }
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A warning that does not fail the command: one line on stderr. */
    void warn(String message) {
        err().println("tether: warning: " + message);
        err().flush();
    }

    void printJson(JsonNode node) {
        out().println(Json.pretty(node));
    }

    private boolean debug() {
        return spec.root().userObject() instanceof TetherCli root && root.debug;
    }
}
