package dev.tether.natives.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SysctlKeyTest {

    @ParameterizedTest
    @CsvSource({"net.ipv4.ip_forward, /proc/sys/net/ipv4/ip_forward",
            "net.ipv6.conf.eth0.accept_dad, /proc/sys/net/ipv6/conf/eth0/accept_dad",
            "net/ipv4/conf/eth0.100/rp_filter, /proc/sys/net/ipv4/conf/eth0.100/rp_filter"})
    void mapsKeysToPaths(String key, String path) {
        assertEquals(path, Sysctl.pathOf(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "kernel.hostname", "net", "net..ipv4", "net/../kernel/hostname", "net.ipv4.",
            "vm.swappiness"})
    void refusesKeysOutsideNet(String key) {
        assertThrows(IllegalArgumentException.class, () -> Sysctl.pathOf(key));
    }
}
