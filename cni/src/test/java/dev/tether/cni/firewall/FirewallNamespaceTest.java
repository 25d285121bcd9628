package dev.tether.cni.firewall;

import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.nft.Nftables;
import dev.tether.natives.testing.TestNamespaces;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** A firewall test against libnftables in a namespace of its own, deleted after each test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class FirewallNamespaceTest {
    private final TestNamespaces namespaces = new TestNamespaces();
    NetNs host;
    TetherFirewall firewall;

    @BeforeEach
    void createNamespace() {
        host = namespaces.create("fw");
        firewall = new TetherFirewall(host);
    }

    @AfterEach
    void deleteNamespace() {
        namespaces.close();
    }

    /** {@code table inet tether} as nft lists it; empty when there is none. */
    String inet() {
        try {
            return Nftables.run(host, "list table inet tether");
        } catch (NotFoundException none) {
            return "";
        }
    }

    static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
