package dev.tether.ipam.daemon;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The daemon's wire format (all integers u32 big-endian, one request per connection):
 * <pre>
 * request  = "TTH1" | u32 nameLen | name | u32 envCount | envCount x (u32 len | "KEY=VALUE")
 *            | u32 stdinLen | stdin
 * response = "TTH1" | u32 exitCode | u32 stdoutLen | stdout | u32 stderrLen | stderr
 * </pre>
 * Every length is checked against {@link Limits} before anything is allocated, so a garbage or
 * hostile length costs nothing.
 */
public final class WireCodec {
    static final byte[] MAGIC = {'T', 'T', 'H', '1'};

    /** Upper bounds for decoded fields. */
    public record Limits(int maxName, int maxEnvCount, int maxEnvBytes, int maxStdin, int maxOutput) {
        /** Generous for CNI traffic (configs and results are kilobytes). */
        public static final Limits DEFAULT = new Limits(256, 4096, 1 << 20, 16 << 20, 64 << 20);
    }

    private WireCodec() {
    }

    public static byte[] encodeRequest(Request request) {
        Out out = new Out();
        out.write(MAGIC);
        out.bytes(request.handler().getBytes(StandardCharsets.UTF_8));
        out.u32(request.env().size());
        for (Map.Entry<String, String> e : request.env().entrySet()) {
            out.bytes((e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        out.bytes(request.stdin());
        return out.toByteArray();
    }

    public static byte[] encodeReply(Reply reply) {
        Out out = new Out();
        out.write(MAGIC);
        out.u32(reply.exitCode());
        out.bytes(reply.stdout());
        out.bytes(reply.stderr());
        return out.toByteArray();
    }

    public static Request decodeRequest(InputStream stream, Limits limits) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        magic(in, "request");
        String name = utf8(field(in, limits.maxName(), "handler name"), "handler name");
        if (name.isEmpty()) {
            throw new MalformedFrameException("empty handler name");
        }
        long envCount = u32(in, "environment count");
        if (envCount > limits.maxEnvCount()) {
            throw new MalformedFrameException("environment count " + envCount + " exceeds " + limits.maxEnvCount());
        }
        Map<String, String> env = new LinkedHashMap<>();
        long envBytes = 0;
        for (int i = 0; i < envCount; i++) {
            byte[] entry = field(in, limits.maxEnvBytes() - envBytes, "environment entry");
            envBytes += entry.length;
            String kv = utf8(entry, "environment entry");
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new MalformedFrameException("environment entry " + i + " is not KEY=VALUE");
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        byte[] stdin = field(in, limits.maxStdin(), "stdin");
        return new Request(name, env, stdin);
    }

    public static Reply decodeReply(InputStream stream, Limits limits) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        magic(in, "response");
        long exit = u32(in, "exit code");
        byte[] stdout = field(in, limits.maxOutput(), "stdout");
        byte[] stderr = field(in, limits.maxOutput(), "stderr");
        return new Reply((int) exit, stdout, stderr);
    }

    private static void magic(DataInputStream in, String what) throws IOException {
        byte[] m = new byte[4];
        readFully(in, m, what + " magic");
        if (!Arrays.equals(m, MAGIC)) {
            throw new MalformedFrameException(what + " does not start with TTH1");
        }
    }

    private static byte[] field(DataInputStream in, long max, String what) throws IOException {
        long len = u32(in, what + " length");
        if (len > max) {
            throw new MalformedFrameException(what + " length " + len + " exceeds the limit " + max);
        }
        byte[] b = new byte[(int) len];
        readFully(in, b, what);
        return b;
    }

    private static long u32(DataInputStream in, String what) throws IOException {
        byte[] b = new byte[4];
        readFully(in, b, what);
        return Integer.toUnsignedLong(ByteBuffer.wrap(b).getInt());
    }

    private static void readFully(DataInputStream in, byte[] b, String what) throws IOException {
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new MalformedFrameException("truncated frame: connection ended inside the " + what);
        }
    }

    private static String utf8(byte[] b, String what) throws MalformedFrameException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException(what + " is not valid UTF-8");
        }
    }

    /** Growing buffer with the two write shapes the format needs. */
    private static final class Out extends ByteArrayOutputStream {
        void u32(long v) {
            write((int) (v >>> 24));
            write((int) (v >>> 16));
            write((int) (v >>> 8));
            write((int) v);
        }

        void bytes(byte[] b) {
            u32(b.length);
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
