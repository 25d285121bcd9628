package dev.tether.cni.plugins.ipam;

import dev.tether.cni.dns.ContainerNames;
import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.JsonFields;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a lease keeps for name resolution, when the runtime sends them: the container's
 * name from CNI_ARGS {@code K8S_POD_NAME} (podman and CRI runtimes set it) and its aliases on
 * this network from podman's runtimeConfig {@code aliases} capability (network name to a list of
 * aliases). {@code tether network connect --alias} will pass its aliases the same way.
 *
 * @param name null when the runtime sent none
 */
record AttachmentNames(String name, List<String> aliases) {
    static final String ARG_NAME = "K8S_POD_NAME";

    AttachmentNames {
        aliases = List.copyOf(aliases);
    }

    /**
     * The names the runtime sent; one DNS cannot answer (a space, a bad label) is left out with a
     * warning on the call's stderr, never failing the ADD for it.
     *
     * @throws dev.tether.cni.spec.CniException code 7 when {@code aliases} is not a map of string lists
     */
    static AttachmentNames of(CniRequest request, String network) {
        String name = request.args().get(ARG_NAME).map(String::strip).filter(s -> !s.isEmpty())
                .filter(n -> resolvable(n, ARG_NAME, request)).orElse(null);
        JsonFields aliases = JsonFields.ofConfig(request.config().runtimeConfig(), "runtimeConfig").optObject("aliases");
        Set<String> mine = new LinkedHashSet<>();
        if (aliases != null) {
            for (String alias : aliases.stringList(network)) {
                if (!alias.isBlank() && resolvable(alias.strip(), "alias", request)) {
                    mine.add(alias.strip());
                }
            }
        }
        return new AttachmentNames(name, List.copyOf(mine));
    }

    private static boolean resolvable(String name, String what, CniRequest request) {
        String problem = ContainerNames.problem(name);
        if (problem != null && request.stderr() != null) {
            request.stderr().println("tether-ipam: warning: " + what + " left out of name resolution: " + problem);
        }
        return problem == null;
    }
}
