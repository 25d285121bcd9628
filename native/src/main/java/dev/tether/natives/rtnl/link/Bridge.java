package dev.tether.natives.rtnl.link;

/** A bridge (like docker0) and its options. */
public record Bridge(LinkAttrs attrs, BridgeOptions options) implements Link {
    public static final String KIND = "bridge";

    public Bridge {
        options = options == null ? BridgeOptions.DEFAULTS : options;
    }

    public static Bridge named(String name) {
        return new Bridge(LinkAttrs.named(name), BridgeOptions.DEFAULTS);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
