package dev.tether.cni.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CNI spec versions this layer speaks, oldest first (so {@code compareTo} orders them), each
 * with the shape its results take on the wire.
 */
public enum CniVersion {
    V0_1_0("0.1.0", ResultFormat.IP4_IP6),
    V0_2_0("0.2.0", ResultFormat.IP4_IP6),
    V0_3_0("0.3.0", ResultFormat.IPS_WITH_VERSION),
    V0_3_1("0.3.1", ResultFormat.IPS_WITH_VERSION),
    V0_4_0("0.4.0", ResultFormat.IPS_WITH_VERSION),
    V1_0_0("1.0.0", ResultFormat.CURRENT),
    V1_1_0("1.1.0", ResultFormat.CURRENT);

    /** The spec version this layer implements. */
    public static final CniVersion CURRENT = V1_1_0;

    /** Every version, as a plugin reports them on VERSION. */
    public static final Set<CniVersion> ALL = Collections.unmodifiableSet(EnumSet.allOf(CniVersion.class));

    /** How results are laid out on the wire in a group of versions. */
    public enum ResultFormat {
        /** 0.1.0 and 0.2.0: {@code ip4}/{@code ip6} objects holding their routes. */
        IP4_IP6,
        /** 0.3.x and 0.4.0: {@code interfaces}, {@code ips} entries carrying {@code version}. */
        IPS_WITH_VERSION,
        /** 1.x: {@code ips} without {@code version}; interfaces may have mtu, socketPath, pciID. */
        CURRENT
    }

    private final String label;
    private final ResultFormat resultFormat;

    CniVersion(String label, ResultFormat resultFormat) {
        this.label = label;
        this.resultFormat = resultFormat;
    }

    public String label() {
        return label;
    }

    public ResultFormat resultFormat() {
        return resultFormat;
    }

    public boolean atLeast(CniVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return label;
    }

    public static Optional<CniVersion> find(String label) {
        for (CniVersion v : values()) {
            if (v.label.equals(label)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * The version a config names, or code 1 (incompatible version) naming the supported ones.
     */
    public static CniVersion require(String label, Collection<CniVersion> supported) {
        Optional<CniVersion> found = find(label);
        if (found.isEmpty() || !supported.contains(found.get())) {
            throw new CniException(ErrorCode.INCOMPATIBLE_VERSION,
                    "incompatible CNI version \"" + label + "\"",
                    "config is \"" + label + "\", plugin supports " + labels(supported));
        }
        return found.get();
    }

    public static List<String> labels(Collection<CniVersion> versions) {
        List<String> out = new ArrayList<>(versions.size());
        for (CniVersion v : values()) {
            if (versions.contains(v)) {
                out.add(v.label);
            }
        }
        return out;
    }

    /**
     * Compares two semantic versions "major.minor.patch" (missing parts count as 0), so version
     * lists naming versions newer than this layer can still be ordered.
     *
     * @throws IllegalArgumentException when either is not such a version
     */
    public static int compareLabels(String a, String b) {
        int[] x = triple(a);
        int[] y = triple(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private static int[] triple(String label) {
        String[] parts = label.split("\\.", -1);
        if (label.isEmpty() || parts.length > 3) {
            throw new IllegalArgumentException("\"" + label + "\" is not a version like 1.1.0");
        }
        int[] out = new int[3];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("\"" + label + "\" is not a version like 1.1.0");
            }
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }
}
