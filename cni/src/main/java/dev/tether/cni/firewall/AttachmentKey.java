package dev.tether.cni.firewall;

/**
 * One attachment (spec: container ID and interface name) of a network, as the firewall tags its
 * per-container state: {@code tether:att:NETHASH:ATTHASH} followed by a readable description.
 */
public record AttachmentKey(String network, String containerId, String ifName) {
    /** How every attachment tag starts. */
    static final String TAG_PREFIX = "tether:att:";

    public AttachmentKey {
        if (network == null || containerId == null || ifName == null) {
            throw new IllegalArgumentException("an attachment needs network, container ID and interface name");
        }
    }

    /** The tag that starts the comment of every element of this attachment. */
    public String tag() {
        return networkTag(network) + NftText.hash(containerId + "/" + ifName);
    }

    /** The tag prefix shared by every attachment of a network. */
    static String networkTag(String network) {
        return TAG_PREFIX + NftText.hash(network) + ":";
    }

    /** The tag and, for people reading the ruleset, network, interface and container. */
    String comment() {
        return tag() + " " + readable(network) + " " + readable(ifName) + " " + readable(containerId);
    }

    /** Whether an element comment belongs to this attachment. */
    boolean owns(String comment) {
        String tag = tag();
        return comment != null && comment.startsWith(tag)
                && (comment.length() == tag.length() || comment.charAt(tag.length()) == ' ');
    }

    private static String readable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c > 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
