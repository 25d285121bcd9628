package dev.tether.ipam.daemon;

import java.io.IOException;

/** A request or response that does not follow the TTH1 framing or exceeds a size limit. */
public final class MalformedFrameException extends IOException {
    public MalformedFrameException(String message) {
        super(message);
    }
}
