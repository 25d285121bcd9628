package dev.tether.natives.rtnl.link;

/**
 * A network interface. The kinds Tether creates have their own type; every other kind (and a
 * kind to create that needs no options, such as "dummy") is a {@link GenericLink}.
 */
public sealed interface Link permits Veth, Bridge, Vxlan, Macvlan, GenericLink {
    LinkAttrs attrs();

    /** IFLA_INFO_KIND, e.g. "veth"; empty for links without one (loopback, physical NICs). */
    String kind();

    default String name() {
        return attrs().name();
    }

    default int index() {
        return attrs().index();
    }
}
