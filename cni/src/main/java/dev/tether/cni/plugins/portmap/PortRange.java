package dev.tether.cni.plugins.portmap;

/** The host ports a picked port comes from, both ends included. */
record PortRange(int first, int last) {
    /** Docker's range for {@code -P} (and the kernel's default ephemeral range ends at 60999 too). */
    static final PortRange DEFAULT = new PortRange(49153, 60999);

    PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("\"" + first + "-" + last + "\" is not a port range: use FIRST-LAST"
                    + " with 1 <= FIRST <= LAST <= 65535");
        }
    }

    /** Parses "FIRST-LAST" (or a single port). */
    static PortRange parse(String text) {
        String[] parts = text.strip().split("-", -1);
        try {
            if (parts.length == 1) {
                int port = Integer.parseInt(parts[0].strip());
                return new PortRange(port, port);
            }
            if (parts.length == 2) {
                return new PortRange(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a port range: use FIRST-LAST, e.g. \"49153-60999\"");
    }

    boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
