package dev.tether.ipam.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static final WireCodec.Limits LIMITS = WireCodec.Limits.DEFAULT;

    private static byte[] bytes(Object... parts) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        for (Object p : parts) {
            if (p instanceof Integer i) {
                b.putInt(i);
            } else {
                b.put(((String) p).getBytes(StandardCharsets.UTF_8));
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static Request decode(byte[] b) throws IOException {
        return WireCodec.decodeRequest(new ByteArrayInputStream(b), LIMITS);
    }

    @Test
    void requestBytesAreExactlyTheContract() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", "ADD");
        env.put("A", "b=c");
        byte[] encoded = WireCodec.encodeRequest(new Request("tether-ipam", env, "{}".getBytes()));
        byte[] expected = bytes("TTH1", 11, "tether-ipam", 2, 15, "CNI_COMMAND=ADD", 5, "A=b=c", 2, "{}");
        assertArrayEquals(expected, encoded);
        Request back = decode(encoded);
        assertEquals("tether-ipam", back.handler());
        assertEquals(env, back.env());
        assertEquals(List.of("CNI_COMMAND", "A"), List.copyOf(back.env().keySet()), "order kept");
        assertArrayEquals("{}".getBytes(), back.stdin());
    }

    @Test
    void replyBytesAreExactlyTheContract() throws IOException {
        byte[] encoded = WireCodec.encodeReply(Reply.of(7, "out", "err!"));
        assertArrayEquals(bytes("TTH1", 7, 3, "out", 4, "err!"), encoded);
        Reply back = WireCodec.decodeReply(new ByteArrayInputStream(encoded), LIMITS);
        assertEquals(7, back.exitCode());
        assertEquals("out", back.stdoutText());
        assertEquals("err!", back.stderrText());
    }

    @Test
    void emptyFieldsAndUnicodeRoundTrip() throws IOException {
        Request r = decode(WireCodec.encodeRequest(new Request("x", Map.of("K", "wert-ß-✓", "EMPTY", ""), null)));
        assertEquals("wert-ß-✓", r.env().get("K"));
        assertEquals("", r.env().get("EMPTY"));
        assertEquals(0, r.stdin().length);
    }

    @Test
    void everyTruncationIsMalformed() {
        byte[] full = WireCodec.encodeRequest(new Request("tether-ipam", Map.of("A", "1"), "stdin".getBytes()));
        for (int cut = 0; cut < full.length; cut++) {
            byte[] part = Arrays.copyOf(full, cut);
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decode(part), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void badMagicEnvAndUtf8AreMalformed() {
        assertThrows(MalformedFrameException.class, () -> decode(bytes("HTTP", 0, 0, 0)));
        assertThrows(MalformedFrameException.class, () -> decode(bytes("TTH1", 0, 0, 0)), "empty handler name");
        assertThrows(MalformedFrameException.class, () -> decode(bytes("TTH1", 1, "x", 1, 5, "NOVAL", 0)));
        assertThrows(MalformedFrameException.class, () -> decode(bytes("TTH1", 1, "x", 1, 2, "=v", 0)));
        byte[] badUtf8 = bytes("TTH1", 2, "xx", 0, 0);
        badUtf8[8] = (byte) 0xff;
        assertThrows(MalformedFrameException.class, () -> decode(badUtf8));
    }

    @Test
    void hugeLengthsAreRejectedBeforeAllocating() {
        for (byte[] b : List.of(
                bytes("TTH1", 0xffffffff),
                bytes("TTH1", 1, "x", 0x7fffffff),
                bytes("TTH1", 1, "x", 1, 0xfffffff0),
                bytes("TTH1", 1, "x", 0, 0x7ffffff0))) {
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decode(b));
            assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        }
        WireCodec.Limits small = new WireCodec.Limits(16, 4, 10, 100, 100);
        byte[] manyEnv = bytes("TTH1", 1, "x", 3, 4, "A=12", 4, "B=34", 4, "C=56", 0);
        assertThrows(MalformedFrameException.class, () -> WireCodec.decodeRequest(new ByteArrayInputStream(manyEnv), small),
                "total environment bytes are bounded, not just each entry");
        assertThrows(MalformedFrameException.class,
                () -> WireCodec.decodeReply(new ByteArrayInputStream(bytes("TTH1", 0, 1000, "x")), small));
    }
}
