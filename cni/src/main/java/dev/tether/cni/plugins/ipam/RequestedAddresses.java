package dev.tether.cni.plugins.ipam;

import dev.tether.cni.skel.CniRequest;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.EnvVar;
import dev.tether.cni.spec.JsonFields;
import dev.tether.natives.ip.IpAddress;
import dev.tether.natives.ip.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The exact addresses an ADD asks for, from host-local's three sources in its order: CNI_ARGS
 * {@code IP=} (one address, or several separated by commas), the config's {@code args.cni.ips}
 * and the runtimeConfig {@code ips} capability. Each entry is an address or an address with a
 * prefix length ({@code 10.1.0.5/24}); the prefix length is ignored, as host-local does, since
 * the range decides it. Repeats count once.
 */
final class RequestedAddresses {
    /** The CNI_ARGS key of a requested address. */
    static final String ARG_IP = "IP";

    private RequestedAddresses() {}

    /** @throws CniException code 4 for a bad {@code IP=} value, code 7 for a bad config entry */
    static List<IpAddress> of(CniRequest request) {
        Set<IpAddress> wanted = new LinkedHashSet<>();
        request.args().get(ARG_IP).ifPresent(value -> {
            for (String part : value.split(",", -1)) {
                wanted.add(parse(part.strip(), problem -> CniException.invalidEnv(EnvVar.ARGS,
                        "has a bad " + ARG_IP + "=" + value + ": " + problem)));
            }
        });
        JsonFields args = request.config().fields().optObject("args");
        JsonFields cniArgs = args == null ? null : args.optObject("cni");
        if (cniArgs != null) {
            addAll(wanted, cniArgs, "ips");
        }
        addAll(wanted, JsonFields.ofConfig(request.config().runtimeConfig(), "runtimeConfig"), "ips");
        return new ArrayList<>(wanted);
    }

    private static void addAll(Set<IpAddress> wanted, JsonFields fields, String key) {
        List<String> entries = fields.stringList(key);
        for (int i = 0; i < entries.size(); i++) {
            String path = fields.pathOf(key) + "[" + i + "]";
            wanted.add(parse(entries.get(i), problem -> CniException.invalidConfig(path, problem)));
        }
    }

    private static IpAddress parse(String text, java.util.function.Function<String, CniException> error) {
        try {
            return text.indexOf('/') >= 0 ? IpPrefix.parse(text).ip() : IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw error.apply(e.getMessage());
        }
    }
}
