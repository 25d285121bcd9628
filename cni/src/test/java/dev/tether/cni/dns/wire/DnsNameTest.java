package dev.tether.cni.dns.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnsNameTest {
    @Test
    void namesCompareWithoutCaseButKeepIt() {
        DnsName mixed = DnsName.of("Web.MyNet.");
        assertEquals(DnsName.of("web.mynet"), mixed);
        assertEquals(DnsName.of("web.mynet").hashCode(), mixed.hashCode());
        assertEquals("web.mynet", mixed.key());
        assertEquals("Web.MyNet.", mixed.toString());
        assertEquals(List.of("Web", "MyNet"), mixed.labels());
    }

    @Test
    void aDotInsideALabelIsNotASeparator() {
        DnsName oneLabel = DnsName.fromLabels(List.of("a.b"));
        assertNotEquals(DnsName.of("a.b"), oneLabel);
        assertEquals("a\\.b", oneLabel.key());
        assertEquals("a\\032b\\255", DnsName.fromLabels(List.of("a b\u00ff")).key());
    }

    @Test
    void limits() {
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a..b"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("x".repeat(64)));
        DnsName.of("x".repeat(63));
        String long253 = String.join(".", List.of("a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61)));
        assertEquals(255, DnsName.of(long253).wireLength());
        assertThrows(IllegalArgumentException.class, () -> DnsName.of(long253 + "e"));
        assertEquals(DnsName.ROOT, DnsName.of("."));
        assertEquals(1, DnsName.ROOT.wireLength());
    }

    @Test
    void suffixes() {
        DnsName name = DnsName.of("web.MyNet");
        assertTrue(name.endsWith(DnsName.of("mynet")));
        assertTrue(name.endsWith(name));
        assertTrue(name.endsWith(DnsName.ROOT));
        assertFalse(name.endsWith(DnsName.of("net")));
        assertFalse(DnsName.of("mynet").endsWith(name));
        assertEquals(DnsName.of("a.web.mynet"), name.prepend("a"));
    }

    @Test
    void unicodeIsStoredAsUtf8Bytes() {
        assertEquals(List.of("caf\u00c3\u00a9"), DnsName.of("caf\u00e9").labels());
    }
}
