package dev.tether.cni.spec;

/** Names of the spec's environment variables. */
public final class EnvVar {
    public static final String COMMAND = "CNI_COMMAND";
    public static final String CONTAINER_ID = "CNI_CONTAINERID";
    public static final String NETNS = "CNI_NETNS";
    public static final String IFNAME = "CNI_IFNAME";
    public static final String ARGS = "CNI_ARGS";
    public static final String PATH = "CNI_PATH";

    private EnvVar() {}
}
