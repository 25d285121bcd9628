package dev.tether.cni.firewall;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Text that goes into nft scripts: quoted names, bounded comments and short stable hashes. */
final class NftText {
    /** nft refuses longer comments. */
    static final int COMMENT_MAX = 128;

    private NftText() {}

    /**
     * A name (interface, chain) as a quoted nft string.
     *
     * @throws IllegalArgumentException when the name holds a space or a character that could end the string
     */
    static String quote(String name) {
        return '"' + requirePrintable(name, false) + '"';
    }

    /** {@code comment "..."} for a rule or an element, cut to nft's limit. */
    static String comment(String text) {
        String bounded = text.length() <= COMMENT_MAX ? text : text.substring(0, COMMENT_MAX);
        return "comment \"" + requirePrintable(bounded, true) + '"';
    }

    /** @throws IllegalArgumentException unless the text is non-empty printable ASCII without quotes or backslashes */
    static String requirePrintable(String text, boolean spaces) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an nft name must not be empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == ' ' && !spaces) || c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                throw new IllegalArgumentException("\"" + text + "\" cannot be used in an nft rule: only printable ASCII"
                        + (spaces ? "" : " without spaces") + ", no quotes or backslashes");
            }
        }
        return text;
    }

    /** The first 12 hex digits of the SHA-256 of the text: short, stable and collision-safe enough for tags. */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
