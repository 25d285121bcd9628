import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Java alternative to the C forwarder (native/src/main/c/tether-fwd.c), for cni-bench.py
 * only: loads nothing but the JDK and jackson-core (for the config's daemonSocket), sends the
 * call to the daemon in the TTH1 framing and relays the reply. cni-bench.py compiles it, trains
 * an AOT cache on it with the tree's runtime, and times it next to the C forwarder.
 * Usage: java -cp <this>:<jackson-core> JavaForwarder <plugin type>
 */
public final class JavaForwarder {
    private JavaForwarder() {}

    public static void main(String[] args) throws IOException {
        byte[] stdin = System.in.readAllBytes();
        String socket = configuredSocket(stdin);
        if (socket == null) {
            socket = System.getenv().getOrDefault("TETHER_SOCKET", "/run/tether/tether.sock");
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(request);
        out.writeBytes("TTH1");
        field(out, args[0].getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = System.getenv();
        long count = env.keySet().stream().filter(JavaForwarder::forwarded).count();
        out.writeInt((int) count);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (forwarded(e.getKey())) {
                field(out, (e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8));
            }
        }
        field(out, stdin);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            Channels.newOutputStream(channel).write(request.toByteArray());
            channel.shutdownOutput();
            DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
            byte[] magic = new byte[4];
            in.readFully(magic);
            int code = in.readInt();
            byte[] stdout = new byte[in.readInt()];
            in.readFully(stdout);
            byte[] stderr = new byte[in.readInt()];
            in.readFully(stderr);
            System.err.write(stderr);
            System.err.flush();
            System.out.write(stdout);
            System.out.flush();
            System.exit(code);
        }
    }

    private static boolean forwarded(String key) {
        return key.startsWith("CNI_") || key.startsWith("TETHER_");
    }

    private static void field(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** The daemonSocket key of the ipam section, else of the top level (streaming, as the plugins read it). */
    private static String configuredSocket(byte[] config) throws IOException {
        String top = null;
        String ipam = null;
        try (JsonParser parser = new JsonFactory().createParser(config)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("daemonSocket") && value == JsonToken.VALUE_STRING) {
                    top = parser.getText();
                } else if (name.equals("ipam") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String key = parser.currentName();
                        if (parser.nextToken() == JsonToken.VALUE_STRING && key.equals("daemonSocket")) {
                            ipam = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        return ipam != null ? ipam : top;
    }
}
