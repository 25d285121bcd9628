package dev.tether.cni.firewall;

/** A port another attachment has published already: nothing was changed. */
public final class PortConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient PortForward wanted;
    private final transient MappedPort holder;

    public PortConflictException(PortForward wanted, MappedPort holder) {
        super("host port " + wanted.hostSide() + "/" + wanted.protocol().label() + " is already published by "
                + holder.holder() + " (" + holder.forward() + ")");
        this.wanted = wanted;
        this.holder = holder;
    }

    public PortForward wanted() {
        return wanted;
    }

    public MappedPort holder() {
        return holder;
    }
}
