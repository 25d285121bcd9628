package dev.tether.cni.spec;

import java.util.Arrays;
import java.util.List;

/** The operations of the spec, with the environment each requires and the version it appeared in. */
public enum CniCommand {
    ADD(CniVersion.V0_1_0, EnvVar.CONTAINER_ID, EnvVar.NETNS, EnvVar.IFNAME),
    DEL(CniVersion.V0_1_0, EnvVar.CONTAINER_ID, EnvVar.IFNAME),
    CHECK(CniVersion.V0_4_0, EnvVar.CONTAINER_ID, EnvVar.NETNS, EnvVar.IFNAME),
    STATUS(CniVersion.V1_1_0),
    VERSION(CniVersion.V0_1_0),
    GC(CniVersion.V1_1_0, EnvVar.PATH);

    private final CniVersion since;
    private final List<String> requiredEnv;

    CniCommand(CniVersion since, String... requiredEnv) {
        this.since = since;
        this.requiredEnv = List.of(requiredEnv);
    }

    /** The first spec version with this command; configs of older versions cannot use it. */
    public CniVersion since() {
        return since;
    }

    public List<String> requiredEnv() {
        return requiredEnv;
    }

    /** ADD, DEL and CHECK act on one attachment (container ID, interface, netns, CNI_ARGS). */
    public boolean isAttachmentCommand() {
        return this == ADD || this == DEL || this == CHECK;
    }

    /** @throws CniException code 4 naming CNI_COMMAND when it is missing or unknown */
    public static CniCommand parse(String value) {
        if (value == null || value.isEmpty()) {
            throw CniException.invalidEnv(EnvVar.COMMAND, "is not set (expected one of " + names() + ")");
        }
        for (CniCommand command : values()) {
            if (command.name().equals(value)) {
                return command;
            }
        }
        throw CniException.invalidEnv(EnvVar.COMMAND, "\"" + value + "\" is unknown (expected one of " + names() + ")");
    }

    private static String names() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}
