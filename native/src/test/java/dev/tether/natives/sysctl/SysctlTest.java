package dev.tether.natives.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tether.natives.libc.Errno;
import dev.tether.natives.libc.NativeException;
import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.rtnl.Netlink;
import dev.tether.natives.rtnl.link.Veth;
import dev.tether.natives.testing.TestNamespaces;

class SysctlTest {
    private final TestNamespaces namespaces = new TestNamespaces();

    @AfterEach
    void cleanUp() {
        namespaces.close();
    }

    @Test
    void writesAndReadsInsideTheNamespaceOnly() throws IOException {
        String hostBefore = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        NetNs ns = namespaces.create("sysctl");
        NetNs other = namespaces.create("sysctl2");
        // A new namespace may inherit the host's value (devconf_inherit_init_net), so flip whatever it has.
        String initial = Sysctl.get(ns, "net.ipv4.ip_forward");
        assertEquals(initial, Sysctl.get(other, "net.ipv4.ip_forward"));
        String flipped = initial.equals("0") ? "1" : "0";
        Sysctl.set(ns, "net.ipv4.ip_forward", flipped);
        assertEquals(flipped, Sysctl.get(ns, "net.ipv4.ip_forward"));
        assertEquals(initial, Sysctl.get(other, "net.ipv4.ip_forward"));
        assertEquals(hostBefore, Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip());
    }

    @Test
    void perInterfaceKeys() {
        NetNs ns = namespaces.create("sysctl");
        try (Netlink nl = Netlink.open(ns)) {
            nl.links().add(Veth.of("eth0", "peer0"));
        }
        Sysctl.set(ns, "net.ipv6.conf.eth0.accept_dad", "0");
        assertEquals("0", Sysctl.get(ns, "net.ipv6.conf.eth0.accept_dad"));
        Sysctl.set(ns, "net/ipv6/conf/peer0/disable_ipv6", "1");
        assertEquals("1", Sysctl.get(ns, "net.ipv6.conf.peer0.disable_ipv6"));
        assertEquals("0", Sysctl.get(ns, "net.ipv6.conf.eth0.disable_ipv6"));
    }

    @Test
    void errorsAreTyped() {
        NetNs ns = namespaces.create("sysctl");
        assertThrows(NotFoundException.class, () -> Sysctl.get(ns, "net.ipv4.conf.nope0.forwarding"));
        NativeException bad = assertThrows(NativeException.class, () -> Sysctl.set(ns, "net.ipv4.ip_forward", "yes"));
        assertEquals(Errno.EINVAL, bad.errno());
        assertThrows(IllegalArgumentException.class, () -> Sysctl.get(ns, "kernel.hostname"));
    }
}
