package dev.tether.cni.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.cni.dns.wire.DnsName;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReverseNameTest {
    @Test
    void roundTrips() throws Exception {
        InetAddress v4 = InetAddress.getByName("10.88.0.5");
        assertEquals(DnsName.of("5.0.88.10.in-addr.arpa"), ReverseName.of(v4));
        assertEquals(Optional.of(v4), ReverseName.parse(ReverseName.of(v4)));
        InetAddress v6 = InetAddress.getByName("fd00:1::5");
        assertEquals(DnsName.of("5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.f.ip6.arpa"), ReverseName.of(v6));
        assertEquals(Optional.of(v6), ReverseName.parse(DnsName.of(ReverseName.of(v6).key().toUpperCase())));
    }

    @Test
    void onlyCompleteCanonicalNamesAreAddresses() {
        for (String name : new String[] {"0.88.10.in-addr.arpa", "05.0.88.10.in-addr.arpa", "256.0.88.10.in-addr.arpa",
                "-1.0.88.10.in-addr.arpa", "5.0.88.10.in-addr.arpa.example", "x.0.88.10.in-addr.arpa", "web.mynet",
                "in-addr.arpa", "1.0.ip6.arpa",
                // ::ffff:10.88.0.5 is not 10.88.0.5
                "5.0.0.0.8.5.a.0.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa",
                "50.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.f.ip6.arpa"}) {
            assertEquals(Optional.empty(), ReverseName.parse(DnsName.of(name)), name);
        }
    }
}
