package dev.tether.cni.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Results in every version: byte-level round trips of each wire form, and conversions down and up. */
class ResultCodecTest {
    /** A full result as a 1.x plugin prints it. */
    private static final String V1 = """
        {"cniVersion":"1.1.0",
         "interfaces":[{"name":"tt-br0","mac":"0a:58:0a:01:00:01","mtu":1450},
                       {"name":"veth1","mac":"0a:58:0a:01:00:02","pciID":"0000:00:1f.6"},
                       {"name":"eth0","mac":"0a:58:0a:01:00:05","mtu":1450,"sandbox":"/run/netns/c1","socketPath":"/run/vhost.sock"}],
         "ips":[{"interface":2,"address":"10.1.0.5/16","gateway":"10.1.0.1"},
                {"interface":2,"address":"fd00:1::5/64","gateway":"fd00:1::1"},
                {"address":"192.168.7.9/24"}],
         "routes":[{"dst":"0.0.0.0/0"},
                   {"dst":"10.9.0.0/16","gw":"10.1.0.254","mtu":1400,"advmss":1360,"priority":10,"table":100,"scope":0},
                   {"dst":"::/0","gw":"fd00:1::1"}],
         "dns":{"nameservers":["10.1.0.1","fd00:1::1"],"domain":"cluster.test","search":["ns.cluster.test"],"options":["ndots:5"]}}
        """;

    /** The same in 0.4.0 (and 0.3.x): ips carry version; interfaces lose mtu, socketPath and pciID. */
    private static final String V04 = """
        {"cniVersion":"0.4.0",
         "interfaces":[{"name":"tt-br0","mac":"0a:58:0a:01:00:01"},
                       {"name":"veth1","mac":"0a:58:0a:01:00:02"},
                       {"name":"eth0","mac":"0a:58:0a:01:00:05","sandbox":"/run/netns/c1"}],
         "ips":[{"version":"4","interface":2,"address":"10.1.0.5/16","gateway":"10.1.0.1"},
                {"version":"6","interface":2,"address":"fd00:1::5/64","gateway":"fd00:1::1"},
                {"version":"4","address":"192.168.7.9/24"}],
         "routes":[{"dst":"0.0.0.0/0"},
                   {"dst":"10.9.0.0/16","gw":"10.1.0.254","mtu":1400,"advmss":1360,"priority":10,"table":100,"scope":0},
                   {"dst":"::/0","gw":"fd00:1::1"}],
         "dns":{"nameservers":["10.1.0.1","fd00:1::1"],"domain":"cluster.test","search":["ns.cluster.test"],"options":["ndots:5"]}}
        """;

    /** The same in 0.2.0: the first address of each family, routes under their family, dst and gw only. */
    private static final String V02 = """
        {"cniVersion":"0.2.0",
         "ip4":{"ip":"10.1.0.5/16","gateway":"10.1.0.1",
                "routes":[{"dst":"0.0.0.0/0"},{"dst":"10.9.0.0/16","gw":"10.1.0.254"}]},
         "ip6":{"ip":"fd00:1::5/64","gateway":"fd00:1::1","routes":[{"dst":"::/0","gw":"fd00:1::1"}]},
         "dns":{"nameservers":["10.1.0.1","fd00:1::1"],"domain":"cluster.test","search":["ns.cluster.test"],"options":["ndots:5"]}}
        """;

    private static ObjectNode json(String text) {
        return Fixtures.json(text);
    }

    private static ObjectNode withVersion(String text, CniVersion version) {
        ObjectNode node = json(text);
        node.put("cniVersion", version.label());
        return node;
    }

    @ParameterizedTest
    @EnumSource(CniVersion.class)
    void eachWireFormRoundTripsExactly(CniVersion version) {
        String sample = switch (version.resultFormat()) {
            case IP4_IP6 -> V02;
            case IPS_WITH_VERSION -> V04;
            case CURRENT -> V1;
        };
        ObjectNode wire = withVersion(sample, version);
        Result parsed = Result.fromJson(wire, CniVersion.CURRENT);
        assertEquals(wire, parsed.toJson(version), "write(read(x)) == x");
        assertEquals(parsed, Result.fromJson(parsed.toJson(version), CniVersion.CURRENT), "read(write(r)) == r");
    }

    @Test
    void theModelHoldsEveryField() {
        Result r = Result.fromJson(json(V1), CniVersion.CURRENT);
        assertEquals(3, r.interfaces().size());
        assertEquals(new Result.Interface("eth0", "0a:58:0a:01:00:05", 1450, "/run/netns/c1", "/run/vhost.sock", null),
                r.interfaces().get(2));
        assertEquals("0000:00:1f.6", r.interfaces().get(1).pciId());
        assertEquals(2, r.ips().get(0).interfaceIndex());
        assertNull(r.ips().get(2).interfaceIndex());
        assertNull(r.ips().get(2).gateway());
        Route route = r.routes().get(1);
        assertEquals(new Route(Cidr.parse("10.9.0.0/16"), Cidr.parseAddress("10.1.0.254"), 1400, 1360, 10, 100, 0), route);
        assertEquals("cluster.test", r.dns().domain());
    }

    @Test
    void downTo04xAddsIpVersionsAndDropsInterfaceFieldsItLacks() {
        Result r = Result.fromJson(json(V1), CniVersion.CURRENT);
        for (CniVersion v : List.of(CniVersion.V0_3_0, CniVersion.V0_3_1, CniVersion.V0_4_0)) {
            assertEquals(withVersion(V04, v), r.toJson(v));
        }
        assertEquals(withVersion(V1, CniVersion.V1_0_0), r.toJson(CniVersion.V1_0_0));
    }

    @Test
    void downTo02xPicksOneAddressPerFamily() {
        Result r = Result.fromJson(json(V1), CniVersion.CURRENT);
        assertEquals(json(V02), r.toJson(CniVersion.V0_2_0));
        assertEquals(withVersion(V02, CniVersion.V0_1_0), r.toJson(CniVersion.V0_1_0));

        Result v6only = r.withIps(List.of(r.ips().get(1)));
        ObjectNode out = v6only.toJson(CniVersion.V0_2_0);
        assertFalse(out.has("ip4"));
        assertEquals("[{\"dst\":\"::/0\",\"gw\":\"fd00:1::1\"}]", out.path("ip6").path("routes").toString());
    }

    @Test
    void downTo02xFailsWithoutAnyAddress() {
        Result noIps = Result.fromJson(json(V1), CniVersion.CURRENT).withIps(List.of());
        CniException e = assertThrows(CniException.class, () -> noIps.toJson(CniVersion.V0_2_0));
        assertEquals(ErrorCode.INCOMPATIBLE_VERSION, e.code());
    }

    @Test
    void upFrom02xAnd04x() {
        Result from02 = Result.fromJson(json(V02), CniVersion.CURRENT);
        assertEquals(List.of(Cidr.parse("10.1.0.5/16"), Cidr.parse("fd00:1::5/64")),
                from02.ips().stream().map(Result.IpConfig::address).toList());
        assertEquals(3, from02.routes().size());
        ObjectNode up = from02.toJson(CniVersion.V1_1_0);
        assertEquals("1.1.0", up.path("cniVersion").asText());
        assertFalse(up.path("ips").path(0).has("version"));
        assertFalse(up.has("interfaces"));

        Result from04 = Result.fromJson(json(V04), CniVersion.CURRENT);
        ObjectNode up04 = from04.toJson(CniVersion.V1_0_0);
        assertEquals(2, up04.path("ips").path(0).path("interface").asInt());
        assertEquals(Result.fromJson(json(V1), CniVersion.CURRENT).routes(), from04.routes());
    }

    @Test
    void aResultWithoutVersionTakesTheFallback() {
        ObjectNode bare = json("{\"ip4\":{\"ip\":\"10.0.0.2/24\"}}");
        assertEquals(CniVersion.V0_2_0, Result.versionOf(bare, CniVersion.V0_2_0));
        assertEquals("10.0.0.2/24", Result.fromJson(bare, CniVersion.V0_2_0).ips().get(0).address().toString());
        // read as 1.x the same object has no ips at all
        assertTrue(Result.fromJson(bare, CniVersion.V1_0_0).ips().isEmpty());
    }

    @Test
    void theIpamFormHasNoInterfaces() {
        Result ipam = Result.fromJson(json(V1), CniVersion.CURRENT).abbreviated();
        ObjectNode out = ipam.toJson(CniVersion.V1_1_0);
        assertFalse(out.has("interfaces"));
        out.path("ips").forEach(ip -> assertFalse(ip.has("interface")));
        assertEquals(3, out.path("ips").size());
    }

    @Test
    void badResultsNameTheField() {
        CniException addr = assertThrows(CniException.class, () -> Result.fromJson(
                json("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.0.0.1/24\",\"gateway\":\"10.0.0.x\"}]}"),
                CniVersion.CURRENT));
        assertEquals(ErrorCode.DECODING_FAILURE, addr.code());
        assertTrue(addr.getMessage().startsWith("ips[0].gateway:"), addr.getMessage());
        CniException version = assertThrows(CniException.class,
                () -> Result.fromJson(json("{\"cniVersion\":\"0.9.0\"}"), CniVersion.CURRENT));
        assertEquals(ErrorCode.INCOMPATIBLE_VERSION, version.code());
        CniException mtu = assertThrows(CniException.class, () -> Result.fromJson(
                json("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"a\",\"mtu\":\"1500\"}]}"), CniVersion.CURRENT));
        assertTrue(mtu.getMessage().startsWith("interfaces[0].mtu:"), mtu.getMessage());
    }
}
