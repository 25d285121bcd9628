package dev.tether.natives.rtnl.link;

/** A macvlan interface on the parent link {@code attrs().parentIndex()}. */
public record Macvlan(LinkAttrs attrs, MacvlanMode mode) implements Link {
    public static final String KIND = "macvlan";

    @Override
    public String kind() {
        return KIND;
    }
}
