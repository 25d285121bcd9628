package dev.tether.natives.rtnl.link;

/**
 * Settings of a link enslaved to a bridge (IFLA_BRPORT_*). When setting, null leaves a setting as
 * it is; when read from the kernel, null means it did not say.
 *
 * @param hairpin      send frames back out of the port they came in on (needed for a container
 *                     to reach itself through a port mapping)
 * @param isolated     isolated ports cannot talk to each other, only to non-isolated ports
 * @param learning     learn source MAC addresses
 * @param unicastFlood flood unknown unicast to this port
 */
public record BridgePort(Boolean hairpin, Boolean isolated, Boolean learning, Boolean unicastFlood) {
    /** Changes nothing; start here and use the withers. */
    public static final BridgePort UNCHANGED = new BridgePort(null, null, null, null);

    public BridgePort withHairpin(boolean on) {
        return new BridgePort(on, isolated, learning, unicastFlood);
    }

    public BridgePort withIsolated(boolean on) {
        return new BridgePort(hairpin, on, learning, unicastFlood);
    }

    public BridgePort withLearning(boolean on) {
        return new BridgePort(hairpin, isolated, on, unicastFlood);
    }

    public BridgePort withUnicastFlood(boolean on) {
        return new BridgePort(hairpin, isolated, learning, on);
    }

    /**
     * The record's own text, written out: every port change names it (in case it fails), and the
     * generated toString is linked at its first call through ObjectMethods, which spins classes
     * at run time (~10 ms of an exec'd plugin's start; an AOT cache does not keep them).
     */
    @Override
    public String toString() {
        return "BridgePort[hairpin=" + hairpin + ", isolated=" + isolated + ", learning=" + learning
                + ", unicastFlood=" + unicastFlood + "]";
    }
}
