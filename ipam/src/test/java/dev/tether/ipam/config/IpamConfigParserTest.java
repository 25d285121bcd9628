package dev.tether.ipam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.ipam.IpamException;
import dev.tether.natives.ip.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** host-local configuration compatibility: same keys, same defaults, same checks. */
class IpamConfigParserTest {

    private static IpamConfig parse(String json) throws IpamException {
        return IpamConfigParser.parseNetworkConfig(json.getBytes(StandardCharsets.UTF_8));
    }

    private static IpamConfig ipam(String body) throws IpamException {
        return parse("{\"cniVersion\":\"1.0.0\",\"name\":\"net1\",\"type\":\"bridge\",\"ipam\":{\"type\":\"host-local\"," + body + "}}");
    }

    private static Range only(IpamConfig c) {
        assertEquals(1, c.definition().rangeSets().size());
        assertEquals(1, c.definition().rangeSets().get(0).ranges().size());
        return c.definition().rangeSets().get(0).ranges().get(0);
    }

    @Test
    void legacySingleSubnetGetsHostLocalDefaults() throws Exception {
        IpamConfig c = ipam("\"subnet\":\"10.1.2.0/24\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dataDir\":\"/tmp/x\","
                + "\"resolvConf\":\"/etc/resolv.conf\"");
        Range r = only(c);
        assertEquals("10.1.2.0/24", r.subnet().toString());
        assertEquals("10.1.2.1", r.rangeStart().toString());
        assertEquals("10.1.2.254", r.rangeEnd().toString());
        assertEquals("10.1.2.1", r.gateway().toString());
        assertEquals("net1", c.network());
        assertEquals("0.0.0.0/0", c.routes().get(0).dst().toString());
        assertNull(c.routes().get(0).gw());
        assertEquals("/tmp/x", c.dataDir());
        assertEquals("/etc/resolv.conf", c.resolvConf());
        assertTrue(c.definition().exclude().isEmpty());
    }

    @Test
    void rangesFormWithTwoSetsAndExplicitValues() throws Exception {
        IpamConfig c = ipam("\"ranges\":[[{\"subnet\":\"10.1.2.0/24\",\"rangeStart\":\"10.1.2.10\",\"rangeEnd\":\"10.1.2.20\","
                + "\"gateway\":\"10.1.2.254\"},{\"subnet\":\"10.1.3.0/24\"}],[{\"subnet\":\"fd00:1::/64\"}]],"
                + "\"routes\":[{\"dst\":\"192.168.0.0/16\",\"gw\":\"10.1.2.254\",\"mtu\":1400}]");
        List<RangeSet> sets = c.definition().rangeSets();
        assertEquals(2, sets.size());
        assertEquals("10.1.2.10-10.1.2.20,10.1.3.1-10.1.3.254", sets.get(0).toString());
        assertEquals("10.1.2.254", sets.get(0).ranges().get(0).gateway().toString());
        Range v6 = sets.get(1).ranges().get(0);
        assertEquals("fd00:1::1", v6.rangeStart().toString());
        assertEquals("fd00:1::ffff:ffff:ffff:ffff", v6.rangeEnd().toString(), "IPv6 keeps the last address, as host-local");
        assertEquals("fd00:1::1", v6.gateway().toString());
        assertEquals(1400, c.routes().get(0).mtu());
        assertEquals("10.1.2.254", c.routes().get(0).gw().toString());
    }

    @Test
    void legacyRangeIsPrependedToRangesAndRuntimeIpRangesBeforeBoth() throws Exception {
        IpamConfig c = parse("{\"name\":\"n\",\"runtimeConfig\":{\"ipRanges\":[[{\"subnet\":\"10.9.0.0/24\"}]]},"
                + "\"ipam\":{\"subnet\":\"10.1.0.0/24\",\"ranges\":[[{\"subnet\":\"fd00::/64\"}]]}}");
        assertEquals(List.of("10.9.0.1-10.9.0.254", "10.1.0.1-10.1.0.254", "fd00::1-fd00::ffff:ffff:ffff:ffff"),
                c.definition().rangeSets().stream().map(RangeSet::toString).toList());
    }

    @Test
    void excludeAcceptsAddressesAndCidrs() throws Exception {
        IpamConfig c = ipam("\"subnet\":\"10.1.2.0/24\",\"exclude\":[\"10.1.2.5\",\"10.1.2.64/26\",\"fd00::7\",\"10.1.2.9/24\"]");
        assertEquals(List.of("10.1.2.5/32", "10.1.2.64/26", "fd00::7/128", "10.1.2.0/24"),
                c.definition().exclude().stream().map(Object::toString).toList());
        assertTrue(c.definition().isExcluded(IpAddress.parse("10.1.2.70")));
    }

    @Test
    void daemonSocketFromIpamOrTopLevel() throws Exception {
        assertEquals("/run/a.sock", ipam("\"subnet\":\"10.1.2.0/24\",\"daemonSocket\":\"/run/a.sock\"").daemonSocket());
        assertEquals("/run/b.sock", parse("{\"name\":\"n\",\"daemonSocket\":\"/run/b.sock\",\"ipam\":{\"subnet\":\"10.1.2.0/24\"}}")
                .daemonSocket());
        assertNull(ipam("\"subnet\":\"10.1.2.0/24\"").daemonSocket());
    }

    @Test
    void unknownKeysAreIgnored() throws Exception {
        assertEquals("10.1.2.0/24", only(ipam("\"subnet\":\"10.1.2.0/24\",\"someFutureKey\":{\"x\":1}")).subnet().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"subnet\":\"10.1.2.5/24\"                                    | has host bits set",
        "\"subnet\":\"10.1.2.0/31\"                                    | too small",
        "\"subnet\":\"fd00::/127\"                                     | too small",
        "\"subnet\":\"10.1.2.0\"                                       | ipam.subnet",
        "\"subnet\":\"10.1.2.0/24\",\"rangeStart\":\"10.1.3.1\"        | rangeStart: 10.1.3.1 not in network",
        "\"subnet\":\"10.1.2.0/24\",\"rangeEnd\":\"10.1.9.1\"          | rangeEnd: 10.1.9.1 not in network",
        "\"subnet\":\"10.1.2.0/24\",\"rangeStart\":\"10.1.2.9\",\"rangeEnd\":\"10.1.2.8\" | is after rangeEnd",
        "\"subnet\":\"10.1.2.0/24\",\"gateway\":\"fd00::1\"            | not of the family",
        "\"subnet\":\"10.1.2.0/24\",\"gateway\":\"nope\"               | ipam.gateway",
        "\"subnet\":\"10.1.2.0/24\",\"exclude\":[\"x\"]                | ipam.exclude[0]",
        "\"subnet\":\"10.1.2.0/24\",\"exclude\":\"10.1.2.5\"           | ipam.exclude",
        "\"subnet\":\"10.1.2.0/24\",\"routes\":[{\"gw\":\"10.1.2.1\"}] | ipam.routes[0].dst",
        "\"ranges\":[]                                                 | no IP ranges",
        "\"ranges\":[[]]                                               | non-empty list of ranges",
        "\"ranges\":[{\"subnet\":\"10.1.2.0/24\"}]                     | ipam.ranges[0]",
        "\"ranges\":[[{\"subnet\":\"10.1.2.0/24\"},{\"subnet\":\"fd00::/64\"}]] | mixed address families",
        "\"ranges\":[[{\"subnet\":\"10.1.2.0/24\"},{\"subnet\":\"10.1.2.0/25\"}]] | overlap",
        "\"ranges\":[[{\"subnet\":\"10.1.2.0/24\"}],[{\"subnet\":\"10.1.2.0/24\",\"rangeStart\":\"10.1.2.200\"}]] | range set 0",
        "\"ranges\":[[{\"rangeStart\":\"10.1.2.1\"}]]                  | subnet: missing",
        "\"subnet\":42                                                 | must be a string",
    })
    void invalidConfigsAreTypedErrorsNamingTheKey(String body, String expected) {
        IpamException.InvalidConfig e = assertThrows(IpamException.InvalidConfig.class, () -> ipam(body));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(7, e.cniCode());
    }

    @Test
    void envelopeErrors() {
        assertThrows(IpamException.InvalidConfig.class, () -> parse("not json"));
        assertThrows(IpamException.InvalidConfig.class, () -> parse("[1]"));
        assertThrows(IpamException.InvalidConfig.class, () -> parse("{\"name\":\"n\"}"));
        assertThrows(IpamException.InvalidConfig.class, () -> parse("{\"ipam\":{\"subnet\":\"10.0.0.0/24\"}}"));
        assertThrows(IpamException.InvalidConfig.class, () -> parse("{\"name\":\"bad/name\",\"ipam\":{\"subnet\":\"10.0.0.0/24\"}}"));
    }

    @Test
    void definitionRoundTripsThroughItsStoredForm() throws Exception {
        NetworkDefinition d = ipam("\"ranges\":[[{\"subnet\":\"10.1.2.0/24\",\"rangeStart\":\"10.1.2.10\"}],"
                + "[{\"subnet\":\"fd00:1::/64\"}]],\"exclude\":[\"10.1.2.20/30\"]").definition();
        String json = IpamConfigParser.definitionToJson(d);
        assertEquals(d, IpamConfigParser.definitionFromJson("net1", json));
    }

    @Test
    void resolvConfIsReadLikeHostLocal() {
        Dns dns = ResolvConf.parse(List.of("# comment", "nameserver 10.0.0.53", "nameserver fd00::53",
                "domain example.org", "search a.example b.example", "options ndots:2 timeout:1", "bogus line"));
        assertEquals(List.of("10.0.0.53", "fd00::53"), dns.nameservers());
        assertEquals("example.org", dns.domain());
        assertEquals(List.of("a.example", "b.example"), dns.search());
        assertEquals(List.of("ndots:2", "timeout:1"), dns.options());
        assertThrows(IpamException.InvalidConfig.class, () -> ResolvConf.read(java.nio.file.Path.of("/nonexistent/resolv.conf")));
    }
}
