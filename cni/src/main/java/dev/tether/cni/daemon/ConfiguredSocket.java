package dev.tether.cni.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The {@code daemonSocket} key of a plugin config: in its {@code ipam} section, else at its top
 * level (the ipam module's rule). Read with the streaming parser, so that handing a call to the
 * daemon costs no databind start-up in the exec'd process.
 */
final class ConfiguredSocket {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String KEY = "daemonSocket";

    private ConfiguredSocket() {}

    /** The configured socket path, or null when none is set or the bytes are not a JSON object (the plugin reports that). */
    static String find(byte[] config) {
        if (config.length == 0) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(config)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String top = null;
            String ipam = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (KEY.equals(field) && value == JsonToken.VALUE_STRING) {
                    top = blankToNull(parser.getText());
                } else if ("ipam".equals(field) && value == JsonToken.START_OBJECT) {
                    ipam = keyIn(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return ipam != null ? ipam : top;
        } catch (IOException malformed) {
            return null;
        }
    }

    /** The key inside the object the parser is at the start of; leaves the parser at its end. */
    private static String keyIn(JsonParser parser) throws IOException {
        String found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() == JsonToken.VALUE_STRING && KEY.equals(field)) {
                found = blankToNull(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
