package dev.tether.cni.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tether version}: the same as {@code tether --version}. */
@Command(name = "version", description = "Print the version of tether and the CNI versions it speaks.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : TetherVersion.lines()) {
            spec.commandLine().getOut().println(line);
        }
        return 0;
    }
}
