package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkCatalogTest {
    @TempDir
    Path dir;

    private static String conflist(String name, String firstType, String ipam) {
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"" + name + "\",\"plugins\":[{\"type\":\"" + firstType + "\","
                + "\"bridge\":\"br-" + name + "\",\"ipam\":" + ipam + "},{\"type\":\"portmap\"}]}";
    }

    @Test
    void findsTetherNetworksWithTheirDataDirs() throws Exception {
        Files.writeString(dir.resolve("10-a.conflist"), conflist("a", "tether-bridge", "{\"type\":\"tether-ipam\",\"subnet\":\"10.1.0.0/24\"}"));
        Files.writeString(dir.resolve("20-b.conflist"), conflist("b", "tether-bridge",
                "{\"type\":\"tether-ipam\",\"subnet\":\"10.2.0.0/24\",\"dataDir\":\"/srv/b\"}"));
        Files.writeString(dir.resolve("30-ref.conflist"), conflist("ref", "bridge", "{\"type\":\"host-local\"}"));
        Files.writeString(dir.resolve("40-hl.conflist"), conflist("hl", "tether-bridge", "{\"type\":\"host-local\"}"));
        Files.writeString(dir.resolve("50-broken.conflist"), "{not json");
        Files.writeString(dir.resolve("60-single.conf"), "{\"cniVersion\":\"0.4.0\",\"name\":\"single\",\"type\":\"tether-bridge\","
                + "\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.3.0.0/24\"}}");
        Files.writeString(dir.resolve("05-dup.conflist"), conflist("b", "tether-bridge",
                "{\"type\":\"tether-ipam\",\"subnet\":\"10.9.0.0/24\",\"dataDir\":\"/srv/first\"}"));
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        NetworkCatalog catalog = new NetworkCatalog(dir);
        Map<String, NetworkCatalog.Network> networks = catalog.scan();
        assertEquals(List.of("b", "a", "single"), List.copyOf(networks.keySet()));
        assertEquals(null, networks.get("a").dataDir());
        assertEquals(false, networks.get("a").internal());
        assertEquals(Path.of("/srv/first"), networks.get("b").dataDir(), "the first file in libcni's order wins");
    }

    @Test
    void internalNetworksAreMarked() throws Exception {
        Files.writeString(dir.resolve("10-v.conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"v\",\"plugins\":[{\"type\":"
                + "\"tether-bridge\",\"internal\":true,\"ipam\":{\"type\":\"tether-ipam\",\"subnet\":\"10.1.0.0/24\"}}]}");
        assertEquals(true, new NetworkCatalog(dir).scan().get("v").internal());
    }

    @Test
    void aChangedOrRemovedFileIsSeen() throws Exception {
        Path file = dir.resolve("10-a.conflist");
        Files.writeString(file, conflist("a", "tether-bridge", "{\"type\":\"tether-ipam\",\"subnet\":\"10.1.0.0/24\"}"));
        NetworkCatalog catalog = new NetworkCatalog(dir);
        assertEquals(List.of("a"), List.copyOf(catalog.scan().keySet()));
        Files.writeString(file, conflist("renamed", "tether-bridge", "{\"type\":\"tether-ipam\",\"subnet\":\"10.1.0.0/24\"}"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertEquals(List.of("renamed"), List.copyOf(catalog.scan().keySet()));
        Files.delete(file);
        assertEquals(List.of(), List.copyOf(catalog.scan().keySet()));
        assertEquals(Map.of(), new NetworkCatalog(dir.resolve("missing")).scan());
    }
}
