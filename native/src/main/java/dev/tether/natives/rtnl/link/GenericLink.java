package dev.tether.natives.rtnl.link;

/** A link of a kind without a dedicated type (loopback, physical NICs, dummy, ...). */
public record GenericLink(LinkAttrs attrs, String kind) implements Link {
    public GenericLink {
        kind = kind == null ? "" : kind;
    }
}
