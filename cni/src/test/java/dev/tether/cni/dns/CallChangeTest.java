package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.cni.testing.Fixtures;
import dev.tether.ipam.store.LeaseKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which calls through the daemon change which leases. */
class CallChangeTest {
    private static final Path DAEMON_DATA = Path.of("/daemon/data");
    private static final String CONFIG = "{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"type\":\"tether-bridge\","
            + "\"ipam\":{\"type\":\"tether-ipam\"}}";

    private static Optional<CallChange> of(String handler, Map<String, String> env, String stdin) {
        return CallChange.of(handler, env, Fixtures.bytes(stdin), DAEMON_DATA);
    }

    @Test
    void addAndDelChangeTheirAttachmentsLease() {
        for (String command : new String[] {"ADD", "DEL"}) {
            assertEquals(Optional.of(new CallChange("net1", new LeaseKey("net1", "c1", "eth0"), DAEMON_DATA)),
                    of("tether-bridge", Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "c1", "CNI_IFNAME", "eth0"), CONFIG));
        }
        assertEquals(Optional.of(new CallChange("net1", null, DAEMON_DATA)), of("tether-ipam", Map.of("CNI_COMMAND", "DEL"), CONFIG),
                "no attachment named: the whole network");
    }

    @Test
    void theDataDirIsTheConfigsThenTheCallsThenTheDaemons() {
        assertEquals(Path.of("/env"), of("tether-bridge", Map.of("CNI_COMMAND", "GC", "TETHER_DATA_DIR", "/env"), CONFIG)
                .orElseThrow().dataDir());
        String withDir = CONFIG.replace("\"tether-ipam\"", "\"tether-ipam\",\"dataDir\":\"/conf\"");
        CallChange gc = of("tether-bridge", Map.of("CNI_COMMAND", "GC", "TETHER_DATA_DIR", "/env"), withDir).orElseThrow();
        assertEquals(new CallChange("net1", null, Path.of("/conf")), gc);
    }

    @Test
    void ipamQueriesThatReleaseOrReserveChangeTheirNetwork() {
        for (String op : new String[] {"release", "reserve", "gc", "forget"}) {
            assertEquals(Optional.of(new CallChange("net1", null, DAEMON_DATA)),
                    of("ipam-query", Map.of(), "{\"op\":\"" + op + "\",\"network\":\"net1\",\"container\":\"c\"}"), op);
        }
        assertEquals(Path.of("/q"), of("ipam-query", Map.of(), "{\"op\":\"release\",\"network\":\"n\",\"dataDir\":\"/q\"}")
                .orElseThrow().dataDir());
        assertEquals(Optional.empty(), of("ipam-query", Map.of(), "{\"op\":\"ls\",\"network\":\"net1\"}"));
    }

    @Test
    void otherCallsChangeNothing() {
        for (String command : new String[] {"CHECK", "STATUS", "VERSION"}) {
            assertEquals(Optional.empty(), of("tether-bridge", Map.of("CNI_COMMAND", command), CONFIG), command);
        }
        assertEquals(Optional.empty(), of("tether-bridge", Map.of("CNI_COMMAND", "ADD"), "{not json"));
        assertEquals(Optional.empty(), of("tether-bridge", Map.of("CNI_COMMAND", "ADD"), "{\"cniVersion\":\"1.0.0\"}"));
    }
}
