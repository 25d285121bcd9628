package dev.tether.cni.plugins.portmap;

import dev.tether.cni.firewall.PortForward.Protocol;
import dev.tether.natives.netns.NetNs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ports host processes hold in a namespace: TCP sockets listening and UDP sockets bound, any
 * address, both families, as {@code /proc/net/{tcp,tcp6,udp,udp6}} list them. The files show the
 * namespace of the thread that reads them ({@code /proc/thread-self}: {@code /proc/self} would be
 * the process leader's), so they are read inside the namespace. SCTP endpoints are not looked at.
 */
final class HostSockets {
    /** st column of a listening TCP socket. */
    private static final String TCP_LISTEN = "0A";

    private final Set<String> held;

    private HostSockets(Set<String> held) {
        this.held = held;
    }

    static HostSockets none() {
        return new HostSockets(Set.of());
    }

    static HostSockets of(NetNs namespace) throws IOException {
        return namespace.call(() -> {
            Set<String> held = new HashSet<>();
            read("tcp", Protocol.TCP, held);
            read("tcp6", Protocol.TCP, held);
            read("udp", Protocol.UDP, held);
            read("udp6", Protocol.UDP, held);
            return new HostSockets(held);
        });
    }

    /** Whether some socket of the host holds the port (on any of its addresses). */
    boolean holds(Protocol protocol, int port) {
        return held.contains(protocol.label() + "/" + port);
    }

    private static void read(String file, Protocol protocol, Set<String> held) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/thread-self/net/" + file));
        } catch (NoSuchFileException noIpv6) {
            return;
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] columns = line.strip().split("\\s+");
            if (columns.length < 4 || (protocol == Protocol.TCP && !columns[3].equals(TCP_LISTEN))) {
                continue;
            }
            int colon = columns[1].lastIndexOf(':');
            try {
                held.add(protocol.label() + "/" + Integer.parseInt(columns[1].substring(colon + 1), 16));
            } catch (NumberFormatException | StringIndexOutOfBoundsException unreadable) {
                // a line this reader does not know: skip it
            }
        }
    }
}
