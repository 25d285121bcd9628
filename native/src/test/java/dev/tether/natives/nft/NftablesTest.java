package dev.tether.natives.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tether.natives.libc.AlreadyExistsException;
import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.testing.Commands;
import dev.tether.natives.testing.TestNamespaces;

class NftablesTest {
    private final TestNamespaces namespaces = new TestNamespaces();

    @AfterEach
    void cleanUp() {
        namespaces.close();
    }

    @Test
    void createListAndDeleteATableInsideTheNamespace() {
        NetNs ns = namespaces.create("nft");
        String name = namespaces.names().get(0);
        String script = """
                add table inet tether_test
                add chain inet tether_test forward { type filter hook forward priority 0; policy accept; }
                add rule inet tether_test forward iifname "br0" counter accept
                """;
        assertEquals("", Nftables.run(ns, script));

        String listed = Nftables.run(ns, "list table inet tether_test");
        assertTrue(listed.contains("chain forward") && listed.contains("iifname \"br0\" counter packets 0 bytes 0 accept"), listed);
        String json = Nftables.runJson(ns, "list table inet tether_test");
        assertTrue(json.startsWith("{\"nftables\": [") && json.contains("\"name\": \"tether_test\""), json);
        assertTrue(Commands.run("ip", "netns", "exec", name, "nft", "list", "tables").contains("table inet tether_test"));
        assertFalse(Nftables.run(NetNs.current(), "list tables").contains("tether_test"),
                "the table must exist only in the test's namespace");

        assertThrows(AlreadyExistsException.class, () -> Nftables.run(ns, "create table inet tether_test"));
        Nftables.run(ns, "delete table inet tether_test");
        assertEquals("", Nftables.run(ns, "list tables"));
        NotFoundException gone = assertThrows(NotFoundException.class, () -> Nftables.run(ns, "delete table inet tether_test"));
        assertTrue(gone.getMessage().contains("Could not process rule: No such file or directory"), gone.getMessage());
        assertThrows(NotFoundException.class, () -> Nftables.runJson(ns, "list chain inet tether_test forward"),
                "listing what does not exist is a NotFoundException too");
    }

    @Test
    void syntaxErrorsCarryLibnftablesText() {
        NetNs ns = namespaces.create("nft");
        NativeException e = assertThrows(NativeException.class, () -> Nftables.run(ns, "add tabel inet x"));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.detail().orElseThrow().contains("syntax error"), e.getMessage());
        assertTrue(e.getMessage().startsWith("nft add tabel inet x: Invalid argument (EINVAL): Error: syntax error"), e.getMessage());
    }
}
