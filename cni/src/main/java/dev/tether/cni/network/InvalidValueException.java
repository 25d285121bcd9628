package dev.tether.cni.network;

/**
 * A value given to a command that can never work, whatever the state of the host (it does not
 * parse, is out of range, or contradicts another value given): the CLI reports it as bad usage
 * (exit 2), unlike a refusal caused by what exists (exit 1).
 */
public class InvalidValueException extends NetworkException {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
        super(message);
    }
}
