package dev.tether.cni.spec;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The spec's rules for container IDs, network names and interface names. */
public final class Identifiers {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");

    /** IFNAMSIZ is 16 bytes including the terminating NUL. */
    public static final int MAX_INTERFACE_NAME_BYTES = 15;

    private Identifiers() {}

    /** Why a container ID is invalid, or null when it is valid. */
    public static String containerIdProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "is empty";
        }
        return NAME.matcher(id).matches() ? null
                : "\"" + id + "\" is invalid: it must start with a letter or digit and contain only"
                + " letters, digits, '_', '.' and '-'";
    }

    /** Why a network name is invalid, or null when it is valid. */
    public static String networkNameProblem(String name) {
        return containerIdProblem(name); // the spec gives both the same rule
    }

    /** Why an interface name is invalid (the kernel's dev_valid_name rules), or null. */
    public static String interfaceNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_INTERFACE_NAME_BYTES) {
            return "\"" + name + "\" is too long: " + bytes + " bytes, at most " + MAX_INTERFACE_NAME_BYTES;
        }
        if (name.equals(".") || name.equals("..")) {
            return "\"" + name + "\" is invalid: it must not be '.' or '..'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || c == '\u0085' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "\"" + name + "\" is invalid: it must not contain '/', ':' or whitespace";
            }
        }
        return null;
    }

    /** A plugin type names a binary in CNI_PATH: no path separators. */
    public static String pluginTypeProblem(String type) {
        if (type == null || type.isEmpty()) {
            return "is empty";
        }
        if (type.indexOf('/') >= 0 || type.indexOf('\\') >= 0 || type.equals(".") || type.equals("..")) {
            return "\"" + type + "\" is invalid: a plugin type must not contain '/' or '\\'";
        }
        return null;
    }
}
