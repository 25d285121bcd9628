package dev.tether.cni.spec;

/**
 * The error codes of the CNI spec (section 5, "Error"). Codes 0-99 are reserved by the spec;
 * plugins may use 100 and above. {@link #INTERNAL} is the reference plugins' code for an error
 * that has no better code.
 */
public final class ErrorCode {
    public static final int INCOMPATIBLE_VERSION = 1;
    public static final int UNSUPPORTED_FIELD = 2;
    public static final int UNKNOWN_CONTAINER = 3;
    public static final int INVALID_ENVIRONMENT = 4;
    public static final int IO_FAILURE = 5;
    public static final int DECODING_FAILURE = 6;
    public static final int INVALID_NETWORK_CONFIG = 7;
    public static final int TRY_AGAIN_LATER = 11;
    public static final int PLUGIN_NOT_AVAILABLE = 50;
    public static final int LIMITED_CONNECTIVITY = 51;
    public static final int INTERNAL = 999;

    private ErrorCode() {}
}
