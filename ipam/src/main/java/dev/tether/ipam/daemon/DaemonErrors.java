package dev.tether.ipam.daemon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Replies for failures the daemon meets before or around a handler. stdout carries a CNI error
 * object, so a forwarded plugin call still prints what a runtime can read; stderr one line.
 */
public final class DaemonErrors {
    /** CNI "failed to decode content": the request broke the framing. */
    public static final int MALFORMED = 6;
    /** CNI "invalid network config": no handler serves this plugin type. */
    public static final int UNKNOWN_HANDLER = 7;
    /** CNI "try again later": every worker is busy and the queue is full, or the daemon is stopping. */
    public static final int BUSY = 11;
    /** The peer is not root. */
    public static final int NOT_PERMITTED = 120;
    /** The handler failed unexpectedly (a bug: details in the daemon's log). */
    public static final int HANDLER_FAILED = 121;

    private static final String CNI_VERSION = "1.0.0";

    private DaemonErrors() {
    }

    public static Reply reply(int code, String msg, String details) {
        ObjectNode error = JsonNodeFactory.instance.objectNode()
                .put("cniVersion", CNI_VERSION)
                .put("code", code)
                .put("msg", msg);
        if (details != null) {
            error.put("details", details);
        }
        String line = "tether daemon: " + msg + (details == null ? "" : ": " + details) + "\n";
        return Reply.of(1, error.toString(), line);
    }
}
