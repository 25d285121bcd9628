package dev.tether.cni.network;

/**
 * A refusal or failure of a network operation that the user can act on: the message says what is
 * wrong and how to fix it, in one line (the CLI prints it as is, without a stack trace).
 */
public class NetworkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
