package dev.tether.cni.cli;

/**
 * A failure the user can fix: the CLI prints its message (what is wrong and how to fix it) as
 * one line, without a stack trace, and exits 1.
 */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
