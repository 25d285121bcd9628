package dev.tether.ipam.daemon;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/** Who is on the other end of a unix socket (SO_PEERCRED), and whether that is root. */
final class PeerCheck {
    private final UserPrincipal root;

    PeerCheck() throws IOException {
        // Principals compare by uid, so this matches uid 0 whatever its name is.
        root = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("0");
    }

    /** The peer's user, or null when the credentials cannot be read. */
    static UserPrincipal peer(SocketChannel channel) {
        try {
            UnixDomainPrincipal p = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p == null ? null : p.user();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    boolean isRoot(UserPrincipal user) {
        return root.equals(user);
    }
}
