package dev.tether.cni.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.firewall.PortForward.Protocol;
import dev.tether.natives.ip.InetAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's -p syntax and the portMappings capability it becomes. */
class PortSpecTest {

    private static PortSpec spec(Protocol protocol, String hostIp, int hostPort, int containerPort) {
        return new PortSpec(protocol, hostIp == null ? null : InetAddresses.parse(hostIp), hostPort, containerPort);
    }

    @Test
    void dockersFormsParse() {
        assertEquals(List.of(spec(Protocol.TCP, null, 8080, 80)), PortSpec.parse("8080:80"));
        assertEquals(List.of(spec(Protocol.UDP, null, 0, 53)), PortSpec.parse("53/udp"));
        assertEquals(List.of(spec(Protocol.TCP, "127.0.0.1", 8080, 80)), PortSpec.parse("127.0.0.1:8080:80/tcp"));
        assertEquals(List.of(spec(Protocol.TCP, "127.0.0.1", 0, 80)), PortSpec.parse("127.0.0.1::80"));
        assertEquals(List.of(spec(Protocol.SCTP, "fd00::1", 9000, 90)), PortSpec.parse("[fd00::1]:9000:90/sctp"));
        assertEquals(List.of(spec(Protocol.TCP, null, 8000, 80), spec(Protocol.TCP, null, 8001, 81)),
                PortSpec.parse("8000-8001:80-81"));
        assertEquals(List.of(spec(Protocol.TCP, null, 0, 80), spec(Protocol.TCP, null, 0, 81)), PortSpec.exposed("80-81"));
    }

    @Test
    void malformedSpecsSayWhatIsWrong() {
        for (String[] bad : new String[][] {{"80/icmp", "icmp"}, {"0:80", "\"0\" is not a port"}, {"8080:70000", "70000"},
                {"8000-8002:80-81", "differ in length"}, {"[fd00::1]9000:90", "brackets"}, {"a:b:c:d", "is not [IP:]"},
                {"300.1.1.1:80:80", "300.1.1.1"}, {"90-80", "ends before"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortSpec.parse(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> PortSpec.exposed("8080:80"));
    }

    @Test
    void theCapabilityEntryIsTheConventionsShape() {
        assertEquals("{\"hostPort\":0,\"containerPort\":53,\"protocol\":\"udp\"}", PortSpec.parse("53/udp").get(0).toJson().toString());
        assertEquals("{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\",\"hostIP\":\"fd00::1\"}",
                PortSpec.parse("[fd00::1]:8080:80").get(0).toJson().toString());
    }
}
