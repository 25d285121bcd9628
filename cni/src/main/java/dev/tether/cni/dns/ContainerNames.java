package dev.tether.cni.dns;

/**
 * What a container's name or alias must be for the DNS service to answer it: dot-separated
 * labels of letters, digits, '-' and '_' (Docker's and podman's container names allow '_'), each
 * 1-63 characters, at most 253 in all.
 */
public final class ContainerNames {
    public static final int MAX_LABEL = 63;
    public static final int MAX_NAME = 253;

    private ContainerNames() {
    }

    /** Why the name cannot be resolved, or null when it can. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "a name is not empty";
        }
        if (name.length() > MAX_NAME) {
            return "\"" + name + "\" is " + name.length() + " characters long, at most " + MAX_NAME;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "\"" + name + "\" has an empty label (a leading, trailing or double '.')";
            }
            if (label.length() > MAX_LABEL) {
                return "\"" + name + "\" has a label longer than " + MAX_LABEL + " characters";
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    return "\"" + name + "\" holds '" + c + "': a name has letters, digits, '-', '_' and '.' only";
                }
            }
        }
        return null;
    }
}
