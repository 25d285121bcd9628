package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The CNI layer's JSON (tree model only) and the few conversions every protocol class needs.
 * Trees are read and written by {@link JsonTrees} on Jackson's streaming API, without an
 * ObjectMapper, whose start-up an exec'd plugin would pay on every call.
 */
public final class Json {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static JsonNodeFactory nodes() {
        return NODES;
    }

    /**
     * Parses bytes that must hold one JSON object.
     *
     * @param what names the input in the error, e.g. "network configuration on stdin"
     * @throws CniException code 6 (undecodable) when the bytes are not a JSON object
     */
    public static ObjectNode parseObject(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = bytes.length == 0 ? null : JsonTrees.read(bytes);
        } catch (IOException e) {
            throw new CniException(ErrorCode.DECODING_FAILURE,
                    "cannot decode " + what + ": " + firstLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw new CniException(ErrorCode.DECODING_FAILURE, "cannot decode " + what + ": it is empty");
        }
        if (!node.isObject()) {
            throw new CniException(ErrorCode.DECODING_FAILURE,
                    "cannot decode " + what + ": expected a JSON object, got " + kind(node));
        }
        return (ObjectNode) node;
    }

    public static byte[] bytes(JsonNode node) {
        return JsonTrees.bytes(node);
    }

    public static String string(JsonNode node) {
        return JsonTrees.text(node, false);
    }

    public static String pretty(JsonNode node) {
        return JsonTrees.text(node, true);
    }

    /** A short name of a node's JSON type for error messages ("a string", "an array", ...). */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "binary data";
        };
    }

    /** A node as JSON text cut to a readable length, for messages. */
    public static String text(JsonNode node) {
        String text = string(node);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Jackson's messages carry a multi-line source excerpt; the first line says what is wrong. */
    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
