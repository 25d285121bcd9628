package dev.tether.cni.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the tether CLI: exit code, stdout, stderr. */
public record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TetherCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Asserts success and returns stdout as JSON. */
    public JsonNode json() throws Exception {
        assertEquals(0, exitCode, err);
        assertEquals("", err);
        return JSON.readTree(out);
    }

    /** Asserts success and returns stdout. */
    public String ok() {
        assertEquals(0, exitCode, out + err);
        return out;
    }

    /** Asserts a failure reported as one line on stderr, with this exit code and text, and nothing on stdout. */
    public CliRun fails(int code, String text) {
        assertEquals(code, exitCode, out + err);
        assertEquals("", out);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("tether: "), err);
        assertTrue(err.contains(text), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        return this;
    }
}
