package dev.tether.ipam.daemon;

import java.io.IOException;

/** Another live daemon owns the socket. */
public final class DaemonAlreadyRunningException extends IOException {
    public DaemonAlreadyRunningException(String message) {
        super(message);
    }
}
