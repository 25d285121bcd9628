package dev.tether.cni.spec;

/**
 * A failure that becomes a CNI error object: a spec code, a short message and optional details.
 * Unchecked, so parsers and plugin code can throw it from anywhere; the skeleton runner turns it
 * into the error printed on stdout.
 */
public class CniException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String details;

    public CniException(int code, String msg) {
        this(code, msg, "", null);
    }

    public CniException(int code, String msg, String details) {
        this(code, msg, details, null);
    }

    public CniException(int code, String msg, String details, Throwable cause) {
        super(msg, cause);
        this.code = code;
        this.details = details == null ? "" : details;
    }

    public CniException(CniError error) {
        this(error.code(), error.msg(), error.details(), null);
    }

    public int code() {
        return code;
    }

    public String msg() {
        return getMessage();
    }

    public String details() {
        return details;
    }

    public CniError toError() {
        return new CniError(code, getMessage(), details);
    }

    /** The same error with a prefix on its message, e.g. naming the plugin that failed. */
    public CniException prefixed(String prefix) {
        return new CniException(code, prefix + getMessage(), details, this);
    }

    @Override
    public String toString() {
        return "CNI error " + code + ": " + toError();
    }

    public static CniException invalidEnv(String variable, String problem) {
        return new CniException(ErrorCode.INVALID_ENVIRONMENT, variable + " " + problem);
    }

    public static CniException invalidConfig(String field, String problem) {
        return new CniException(ErrorCode.INVALID_NETWORK_CONFIG, field + ": " + problem);
    }
}
