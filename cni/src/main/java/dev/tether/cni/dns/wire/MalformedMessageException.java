package dev.tether.cni.dns.wire;

/** Bytes that are not a well-formed DNS message; the message says where and why. */
public final class MalformedMessageException extends Exception {
    public MalformedMessageException(String message) {
        super(message, null, false, false); // thrown per bad packet: no stack trace to fill
    }
}
