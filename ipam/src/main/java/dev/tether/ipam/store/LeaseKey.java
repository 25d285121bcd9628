package dev.tether.ipam.store;

/** What a lease belongs to: an attachment (container ID, interface) on a network. */
public record LeaseKey(String network, String containerId, String ifname) {

    /** Container ID of manual reservations ({@code reserve NETWORK IP}); their ifname is the address. */
    public static final String RESERVED = "@reserved";

    public LeaseKey {
        requireText(network, "network name");
        requireText(containerId, "container ID");
        requireText(ifname, "interface name");
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("missing " + what);
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character");
        }
    }

    public boolean isReservation() {
        return RESERVED.equals(containerId);
    }

    /** For messages: "container C interface I", or "a manual reservation". */
    public String describe() {
        return isReservation() ? "a manual reservation" : "container " + containerId + " interface " + ifname;
    }

    /** Stored key: the three parts NUL-separated, so one network's leases are one key range. */
    String encode() {
        return network + '\0' + containerId + '\0' + ifname;
    }

    static LeaseKey decode(String encoded) {
        String[] p = encoded.split("\0", 3);
        return new LeaseKey(p[0], p[1], p[2]);
    }

    /** First and (exclusive) last stored key of {@code network}. */
    static String[] networkKeyRange(String network) {
        return new String[] {network + '\0', network + '\u0001'};
    }

    @Override
    public String toString() {
        return network + "/" + containerId + "/" + ifname;
    }
}
