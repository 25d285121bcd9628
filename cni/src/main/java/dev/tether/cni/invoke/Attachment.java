package dev.tether.cni.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.EnvVar;
import dev.tether.cni.spec.Identifiers;
import java.util.Map;

/**
 * The per-attachment parameters a runtime supplies (libcni's RuntimeConf): container ID, netns,
 * interface name, CNI_ARGS and the capability arguments offered to plugins that declare them.
 *
 * @param netns may be null (e.g. DEL after the namespace is gone)
 */
public record Attachment(String containerId, String netns, String ifName, CniArgs args,
                         Map<String, JsonNode> capabilityArgs) {

    public Attachment {
        args = args == null ? CniArgs.NONE : args;
        capabilityArgs = capabilityArgs == null ? Map.of() : Map.copyOf(capabilityArgs);
    }

    public static Attachment of(String containerId, String netns, String ifName) {
        return new Attachment(containerId, netns, ifName, CniArgs.NONE, Map.of());
    }

    /** @throws CniException code 4 naming the parameter that is invalid */
    public void validate() {
        String problem = Identifiers.containerIdProblem(containerId);
        if (problem != null) {
            throw CniException.invalidEnv(EnvVar.CONTAINER_ID, problem);
        }
        problem = Identifiers.interfaceNameProblem(ifName);
        if (problem != null) {
            throw CniException.invalidEnv(EnvVar.IFNAME, problem);
        }
    }
}
