package dev.tether.ipam;

/**
 * Answer to CNI STATUS: can ADD be served? Not ready means some range set has no free address
 * left (CNI code 50, "cannot service ADD requests"); the message names network and range set.
 */
public record IpamStatus(boolean ready, String message) {
    /** CNI STATUS code for "not available". */
    public static final int CODE_UNAVAILABLE = 50;

    public static IpamStatus readyStatus() {
        return new IpamStatus(true, "ready");
    }
}
