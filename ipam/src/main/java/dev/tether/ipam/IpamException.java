package dev.tether.ipam;

/**
 * Every failure the IPAM API reports. Each kind carries the CNI error code the plugin glue
 * should print, so mapping is one call: {@link #cniCode()}.
 */
public abstract sealed class IpamException extends Exception {
    /** CNI: "Invalid network config". */
    public static final int CODE_INVALID_CONFIG = 7;
    /** CNI: "I/O failure". */
    public static final int CODE_IO = 5;
    /** CNI: "Try again later". */
    public static final int CODE_TRY_AGAIN = 11;
    /** Plugin-specific: no free address left in a range set. */
    public static final int CODE_EXHAUSTED = 100;
    /** Plugin-specific: a requested address is taken, reserved or outside every range. */
    public static final int CODE_ADDRESS_UNAVAILABLE = 101;
    /** Plugin-specific: CHECK found no lease for the attachment. */
    public static final int CODE_LEASE_NOT_FOUND = 102;

    private final int cniCode;

    private IpamException(int cniCode, String message, Throwable cause) {
        super(message, cause);
        this.cniCode = cniCode;
    }

    /** The CNI error code ({@code code} of the CNI error object). */
    public int cniCode() {
        return cniCode;
    }

    /** The configuration is unusable; the message names the key and the problem. */
    public static final class InvalidConfig extends IpamException {
        public InvalidConfig(String message) {
            super(CODE_INVALID_CONFIG, message, null);
        }
    }

    /** Every address of a range set is taken. */
    public static final class Exhausted extends IpamException {
        public Exhausted(String network, String rangeSet) {
            super(CODE_EXHAUSTED, "no IP addresses available in network \"" + network + "\" range set " + rangeSet, null);
        }
    }

    /** A requested address cannot be had: taken, reserved, or outside the ranges. */
    public static final class AddressUnavailable extends IpamException {
        public AddressUnavailable(String message) {
            super(CODE_ADDRESS_UNAVAILABLE, message, null);
        }
    }

    /** The attachment holds no lease (CHECK). */
    public static final class LeaseNotFound extends IpamException {
        public LeaseNotFound(String message) {
            super(CODE_LEASE_NOT_FOUND, message, null);
        }
    }

    /** Another process held the store's lock for longer than the wait bound: retry. */
    public static final class StoreBusy extends IpamException {
        public StoreBusy(String message) {
            super(CODE_TRY_AGAIN, message, null);
        }
    }

    /** The store cannot be read or written (I/O error, corrupt file, bad permissions). */
    public static final class StoreFailure extends IpamException {
        public StoreFailure(String message, Throwable cause) {
            super(CODE_IO, message, cause);
        }
    }
}
