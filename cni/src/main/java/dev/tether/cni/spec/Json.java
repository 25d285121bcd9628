package dev.tether.cni.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson mapper of the CNI layer (tree model only) and the few conversions every
 * protocol class needs. The mapper is configured once and never changed, so sharing it is safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
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
            node = bytes.length == 0 ? null : MAPPER.readTree(bytes);
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
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree always serializes
        }
    }

    public static String string(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
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
