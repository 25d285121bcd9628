package dev.tether.cni.plugins.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.CniException;
import dev.tether.cni.spec.PluginConfig;
import dev.tether.cni.spec.Result;
import dev.tether.cni.spec.Route;
import dev.tether.cni.testing.Fixtures;
import dev.tether.natives.ip.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Config parsing and the gateway plan, without a kernel. */
class BridgeConfigTest {

    private static BridgeConfig parse(String members, String cniArgs) {
        String json = "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"tether-bridge\"" + (members.isEmpty() ? "" : "," + members) + "}";
        return BridgeConfig.parse(PluginConfig.parse(Fixtures.bytes(json)), CniArgs.parse(cniArgs));
    }

    @Test
    void defaultsAreTheReferencesButTheBridgeIsTether0() {
        BridgeConfig c = parse("", "");
        assertEquals("tether0", c.bridge());
        assertFalse(c.isGateway() || c.isDefaultGateway() || c.forceAddress() || c.ipMasq() || c.hairpinMode()
                || c.promiscMode() || c.macSpoofCheck() || c.enableDad() || c.disableContainerInterface() || c.portIsolation());
        assertEquals(0, c.mtu());
        assertNull(c.mac());
        assertFalse(c.isLayer3());
        assertTrue(c.dns().isEmpty());
    }

    @Test
    void everyReferenceKeyIsRead() {
        BridgeConfig c = parse("\"bridge\":\"br9\",\"isDefaultGateway\":true,\"forceAddress\":true,\"ipMasq\":true,"
                + "\"ipMasqBackend\":\"nftables\",\"mtu\":9000,\"hairpinMode\":true,\"macspoofchk\":true,\"enabledad\":true,"
                + "\"portIsolation\":true,\"vlan\":0,\"preserveDefaultVlan\":false,\"dns\":{\"nameservers\":[\"10.0.0.1\"]},"
                + "\"ipam\":{\"type\":\"host-local\",\"subnet\":\"10.0.0.0/24\"}", "");
        assertEquals("br9", c.bridge());
        assertTrue(c.isGateway(), "isDefaultGateway implies isGateway");
        assertTrue(c.isDefaultGateway() && c.forceAddress() && c.ipMasq() && c.hairpinMode() && c.macSpoofCheck()
                && c.enableDad() && c.portIsolation());
        assertEquals(9000, c.mtu());
        assertEquals("host-local", c.ipam().type());
        assertEquals(List.of("10.0.0.1"), c.dns().nameservers());
    }

    @Test
    void internalIsTethersKeyAndExcludesMasquerade() {
        assertFalse(parse("", "").internal());
        BridgeConfig internal = parse("\"internal\":true,\"isGateway\":true", "");
        assertTrue(internal.internal());
        assertTrue(internal.firewallRules(List.of()).internal());
        assertFalse(internal.firewallRules(List.of()).masquerade());
        CniException both = assertThrows(CniException.class, () -> parse("\"internal\":true,\"ipMasq\":true", ""));
        assertEquals(7, both.code());
        assertTrue(both.getMessage().contains("internal"), both.getMessage());
    }

    @Test
    void errorsNameTheFieldAndUseTheSpecCodes() {
        CniException vlan = assertThrows(CniException.class, () -> parse("\"vlan\":7", ""));
        assertEquals(2, vlan.code());
        assertTrue(vlan.getMessage().contains("\"vlan\": 7"), vlan.getMessage());
        CniException mtu = assertThrows(CniException.class, () -> parse("\"mtu\":20", ""));
        assertEquals(7, mtu.code());
        assertTrue(mtu.getMessage().startsWith("mtu: "), mtu.getMessage());
        CniException args = assertThrows(CniException.class, () -> parse("", "K8S_POD_NAME=x"));
        assertEquals(4, args.code());
        assertEquals("02:00:00:00:00:01", parse("", "IgnoreUnknown=1;K8S_POD_NAME=x;MAC=02:00:00:00:00:01").mac().toString());
        CniException mac = assertThrows(CniException.class, () -> parse("", "MAC=ff:ff:ff:ff:ff:ff"));
        assertTrue(mac.getMessage().contains("not a unicast MAC"), mac.getMessage());
        assertTrue(assertThrows(CniException.class, () -> parse("\"runtimeConfig\":{\"ips\":[\"10.0.0.5/24\",\"x\"]}", ""))
                .getMessage().startsWith("runtimeConfig.ips[1]: "));
        parse("\"runtimeConfig\":{\"ips\":[\"10.0.0.5/24\",\"fd00::5\"]}", "");
    }

    @Test
    void gatewayPlanFollowsCalcGateways() {
        Result ipam = new Result(List.of(), List.of(
                new Result.IpConfig(Cidr.parse("10.0.0.5/24"), null, null),
                new Result.IpConfig(Cidr.parse("10.0.0.6/24"), null, null),
                new Result.IpConfig(Cidr.parse("fd00::5/64"), Cidr.parseAddress("fd00::fe"), null)),
                List.of(Route.of(Cidr.parse("::/0"), Cidr.parseAddress("fd00::1"))), null);

        GatewayPlan plain = GatewayPlan.of(ipam, false, false);
        assertNull(plain.ips().get(0).gateway(), "without isGateway a missing gateway stays missing");
        assertEquals(List.of(2, 2, 2), plain.ips().stream().map(Result.IpConfig::interfaceIndex).toList());
        assertEquals(List.of(), plain.bridgeAddresses());

        GatewayPlan full = GatewayPlan.of(ipam, true, true);
        assertEquals(Cidr.parseAddress("10.0.0.1"), full.ips().get(0).gateway());
        assertEquals(List.of(IpPrefix.parse("10.0.0.1/24"), IpPrefix.parse("fd00::fe/64")), full.bridgeAddresses());
        assertEquals(List.of(Route.of(Cidr.parse("::/0"), Cidr.parseAddress("fd00::1")),
                Route.of(Cidr.parse("0.0.0.0/0"), Cidr.parseAddress("10.0.0.1"))), full.routes(),
                "IPv6 has a default route through a gateway already; IPv4 gets one");
        assertEquals(List.of(IpPrefix.parse("10.0.0.0/24"), IpPrefix.parse("fd00::/64")), full.subnets());
    }
}
