package dev.tether.ipam.daemon;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One forwarded call: handler name (plugin type or "ipam-query"), environment and stdin. */
public record Request(String handler, Map<String, String> env, byte[] stdin) {

    public Request {
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        stdin = stdin == null ? new byte[0] : stdin;
    }
}
