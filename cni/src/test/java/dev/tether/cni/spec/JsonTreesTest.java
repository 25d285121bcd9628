package dev.tether.cni.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JsonTrees reads and writes exactly what an ObjectMapper reads and writes. */
class JsonTreesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final List<String> SAMPLES = List.of(
            "{}", "[]", "{\"a\":1}", "{\"a\":{\"b\":[1,2,{\"c\":null}]},\"d\":true,\"e\":false}",
            "{\"dup\":1,\"dup\":\"later wins\"}",
            "{\"int\":2147483647,\"long\":2147483648,\"big\":123456789012345678901234567890,\"neg\":-9223372036854775808}",
            "{\"f\":1.5,\"e\":1e300,\"small\":-2.5E-7,\"zero\":0.0,\"long fraction\":3.14159265358979323846264338327950288}",
            "{\"s\":\"quote \\\" backslash \\\\ tab \\t nl \\n uni \\u00e9 \\ud83d\\ude00 ctl \\u0001\"}",
            "{\"unicode\":\"déjà vu ✓\"}", "  {\"spaced\" : [ 1 , 2 ] }  ", "[1,\"two\",3.0,null,[],{}]",
            "{\"trailing\":1} garbage", "\"a string\"", "42", "null");

    @Test
    void readsAndWritesAsAMapper() throws IOException {
        for (String sample : SAMPLES) {
            byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
            JsonNode expected = MAPPER.readTree(bytes);
            JsonNode actual = JsonTrees.read(bytes);
            assertEquals(expected, actual, sample);
            assertEquals(expected.getClass(), actual.getClass(), sample);
            assertArrayEquals(MAPPER.writeValueAsBytes(expected), JsonTrees.bytes(actual), sample);
            assertEquals(MAPPER.writeValueAsString(expected), JsonTrees.text(actual, false), sample);
            assertEquals(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(expected), JsonTrees.text(actual, true), sample);
        }
    }

    @Test
    void numberNodesHaveTheMappersTypes() throws IOException {
        String sample = "[1,2147483648,123456789012345678901234567890,1.5]";
        JsonNode expected = MAPPER.readTree(sample);
        JsonNode actual = JsonTrees.read(sample.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).getClass(), actual.get(i).getClass(), "element " + i);
        }
    }

    @Test
    void emptyInputIsNoValueAndMalformedInputFailsWithTheParsersMessage() throws IOException {
        assertNull(JsonTrees.read("   \n".getBytes(StandardCharsets.UTF_8)));
        for (String bad : List.of("{not json", "{\"a\":}", "[1,2", "{\"a\":1,}")) {
            String expected = assertThrows(JsonProcessingException.class,
                    () -> MAPPER.readTree(bad.getBytes(StandardCharsets.UTF_8))).getOriginalMessage();
            String actual = assertThrows(JsonProcessingException.class,
                    () -> JsonTrees.read(bad.getBytes(StandardCharsets.UTF_8))).getOriginalMessage();
            assertEquals(expected, actual, bad);
        }
    }
}
