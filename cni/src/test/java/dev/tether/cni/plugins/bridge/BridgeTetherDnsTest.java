package dev.tether.cni.plugins.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.Dns;
import dev.tether.cni.spec.PluginConfig;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.LabTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code "tetherDns": true}: the ADD result sends the container to the tether daemon's DNS on its gateways. */
class BridgeTetherDnsTest extends LabTest {
    private String ipam(String ranges) {
        return "{\"type\":\"tether-ipam\",\"dataDir\":\"" + dir.resolve("data") + "\",\"ranges\":" + ranges + "}";
    }

    @Test
    void theGatewaysAreTheNameserversAndTheNetworkTheSearchDomain() {
        String config = BridgeLab.config("1.0.0", "ttdns", "ttbr0", "\"isDefaultGateway\":true,\"tetherDns\":true",
                ipam("[[{\"subnet\":\"10.78.0.0/24\"}],[{\"subnet\":\"fd00:78::/64\"}]]"));
        Result result = lab.attach("a", config).result();
        assertEquals(new Dns(List.of("10.78.0.1", "fd00:78::1"), null, List.of("ttdns"), List.of()), result.dns());
    }

    @Test
    void theConfigsOwnDnsStillWins() {
        String config = BridgeLab.config("1.0.0", "ttdns", "ttbr0",
                "\"isGateway\":true,\"tetherDns\":true,\"dns\":{\"nameservers\":[\"192.0.2.53\"]}",
                ipam("[[{\"subnet\":\"10.78.0.0/24\"}]]"));
        assertEquals(List.of("192.0.2.53"), lab.attach("a", config).result().dns().nameservers());
    }

    @Test
    void withoutTheFlagTheResultIsUnchanged() {
        String config = BridgeLab.config("1.0.0", "ttdns", "ttbr0", "\"isGateway\":true", ipam("[[{\"subnet\":\"10.78.0.0/24\"}]]"));
        assertTrue(lab.attach("a", config).result().dns().isEmpty());
    }

    @Test
    void theFlagNeedsAGatewayOnTheBridgeAndTetherIpam() {
        assertRefused("\"tetherDns\":true,\"ipam\":" + ipam("[[{\"subnet\":\"10.78.0.0/24\"}]]"), "needs \"isGateway\": true");
        assertRefused("\"isGateway\":true,\"tetherDns\":true,\"ipam\":{\"type\":\"host-local\",\"subnet\":\"10.78.0.0/24\"}",
                "needs \"ipam\" of type \"tether-ipam\"");
        assertRefused("\"isGateway\":true,\"tetherDns\":true", "needs \"ipam\" of type \"tether-ipam\"");
        assertRefused("\"isGateway\":true,\"tetherDns\":\"yes\",\"ipam\":" + ipam("[[{\"subnet\":\"10.78.0.0/24\"}]]"), "tetherDns");
    }

    private static void assertRefused(String members, String reason) {
        String json = "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"tether-bridge\"," + members + "}";
        CniException e = assertThrows(CniException.class,
                () -> BridgeConfig.parse(PluginConfig.parse(Fixtures.bytes(json)), CniArgs.parse("")));
        assertEquals(7, e.code());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
