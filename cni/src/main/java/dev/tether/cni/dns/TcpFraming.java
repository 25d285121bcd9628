package dev.tether.cni.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** DNS over TCP: each message behind its 2-byte length (RFC 1035 4.2.2). */
final class TcpFraming {
    private TcpFraming() {}

    /** The next message, or null when the peer closed the connection between messages. */
    static byte[] read(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = (first << 8) | in.readUnsignedByte();
        byte[] message = new byte[length];
        in.readFully(message);
        return message;
    }

    static void write(DataOutputStream out, byte[] message) throws IOException {
        if (message.length > 0xffff) {
            throw new IOException("a DNS message of " + message.length + " bytes cannot be framed");
        }
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >>> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        out.write(framed); // one write: one segment for small messages
        out.flush();
    }
}
