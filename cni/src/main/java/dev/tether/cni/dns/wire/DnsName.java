package dev.tether.cni.dns.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A domain name as a list of labels (each label's bytes kept as ISO-8859-1 characters, so any
 * byte survives a round trip). Names compare case-insensitively (ASCII only, RFC 4343): equality,
 * hashing and {@link #key()} ignore case; {@link #labels()} and {@link #toString()} keep it.
 */
public final class DnsName {
    public static final int MAX_LABEL = 63;
    /** Most bytes of a name on the wire, length octets and the root label included. */
    public static final int MAX_WIRE_LENGTH = 255;
    public static final DnsName ROOT = new DnsName(List.of());

    private final List<String> labels;
    private final String key;

    private DnsName(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.key = keyOf(this.labels);
    }

    /**
     * A name from its labels (ISO-8859-1 characters, one per byte).
     *
     * @throws IllegalArgumentException for an empty or over-long label, or an over-long name
     */
    public static DnsName fromLabels(List<String> labels) {
        int length = 1;
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL) {
                throw new IllegalArgumentException("label \"" + label + "\" must be 1-" + MAX_LABEL + " bytes");
            }
            if (label.chars().anyMatch(c -> c > 0xff)) {
                throw new IllegalArgumentException("label \"" + label + "\" holds a character that is not a byte");
            }
            length += label.length() + 1;
        }
        if (length > MAX_WIRE_LENGTH) {
            throw new IllegalArgumentException("name is " + length + " bytes long, at most " + MAX_WIRE_LENGTH);
        }
        return new DnsName(labels);
    }

    /**
     * A name from dotted text such as {@code web.mynet} (a trailing dot is allowed; no escapes).
     * Non-ASCII text is stored as its UTF-8 bytes.
     *
     * @throws IllegalArgumentException when the text is not a valid name
     */
    public static DnsName of(String dotted) {
        String text = dotted.endsWith(".") && dotted.length() > 1 ? dotted.substring(0, dotted.length() - 1) : dotted;
        if (text.equals(".")) {
            return ROOT;
        }
        String bytes = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return fromLabels(List.of(bytes.split("\\.", -1)));
    }

    public List<String> labels() {
        return labels;
    }

    /** Bytes on the wire without compression. */
    public int wireLength() {
        return labels.stream().mapToInt(l -> l.length() + 1).sum() + 1;
    }

    /**
     * The case-folded presentation form without the trailing dot, e.g. {@code web.mynet}: the
     * lookup key of name tables. Dots, backslashes and bytes outside printable ASCII inside a
     * label are escaped, so two different names never share a key.
     */
    public String key() {
        return key;
    }

    /** This name with {@code prefix} labels in front. */
    public DnsName prepend(String... prefix) {
        List<String> all = new ArrayList<>(List.of(prefix));
        all.addAll(labels);
        return fromLabels(all);
    }

    /** Whether this name is {@code suffix} or lies under it. */
    public boolean endsWith(DnsName suffix) {
        int offset = labels.size() - suffix.labels.size();
        if (offset < 0) {
            return false;
        }
        for (int i = 0; i < suffix.labels.size(); i++) {
            if (!labels.get(offset + i).equalsIgnoreCase(suffix.labels.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String keyOf(List<String> labels) {
        StringBuilder out = new StringBuilder();
        for (String label : labels) {
            if (out.length() > 0) {
                out.append('.');
            }
            appendEscaped(out, label.toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, String label) {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '.' || c == '\\') {
                out.append('\\').append(c);
            } else if (c <= 0x20 || c >= 0x7f) {
                out.append('\\').append(String.format("%03d", (int) c));
            } else {
                out.append(c);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsName other && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    /** The presentation form with the original case and a trailing dot, e.g. {@code Web.mynet.}. */
    @Override
    public String toString() {
        if (labels.isEmpty()) {
            return ".";
        }
        StringBuilder out = new StringBuilder();
        for (String label : labels) {
            appendEscaped(out, label);
            out.append('.');
        }
        return out.toString();
    }
}
