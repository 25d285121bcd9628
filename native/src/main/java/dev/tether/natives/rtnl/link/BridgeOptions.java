package dev.tether.natives.rtnl.link;

/**
 * Options of a bridge (IFLA_BR_*). When creating or setting, null leaves the kernel's value; when
 * read from the kernel, null means it did not say.
 */
public record BridgeOptions(Boolean vlanFiltering, Boolean stp, Boolean multicastSnooping) {
    public static final BridgeOptions DEFAULTS = new BridgeOptions(null, null, null);

    public BridgeOptions withVlanFiltering(boolean on) {
        return new BridgeOptions(on, stp, multicastSnooping);
    }

    public BridgeOptions withStp(boolean on) {
        return new BridgeOptions(vlanFiltering, on, multicastSnooping);
    }

    public BridgeOptions withMulticastSnooping(boolean on) {
        return new BridgeOptions(vlanFiltering, stp, on);
    }
}
