package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamsTest {
    @TempDir
    Path dir;

    @Test
    void readsNameserversAndFollowsChanges() throws Exception {
        Path file = dir.resolve("resolv.conf");
        Files.writeString(file, "# a comment\nsearch example.com\nnameserver 127.0.0.53\nnameserver fe80::1%eth0\n"
                + "nameserver 2001:db8::53\noptions edns0\n");
        Upstreams upstreams = new Upstreams(file);
        assertEquals(List.of(InetAddress.getByName("127.0.0.53"), InetAddress.getByName("2001:db8::53")), upstreams.current(),
                "a scoped link-local address is skipped");
        Files.writeString(file, "nameserver 192.0.2.53\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(List.of(InetAddress.getByName("192.0.2.53")), upstreams.current());
        Files.delete(file);
        assertEquals(List.of(), upstreams.current());
    }
}
