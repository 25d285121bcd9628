package dev.tether.natives.rtnl.addr;

import static dev.tether.natives.testing.Captured.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.IpPrefix;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.rtnl.Scope;
import dev.tether.natives.testing.Captured;

class AddrCodecTest {

    @Test
    void ipv4AddRequestComputesTheBroadcast() {
        assertArrayEquals(hex("""
                30000000 1400 0506 01000000 00000000   # RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
                02 18 00 00 03000000                   # AF_INET, /24, flags, scope universe, link 3
                0800 0200 0a010203                     # IFA_LOCAL
                0800 0100 0a010203                     # IFA_ADDRESS
                0800 0400 0a0102ff                     # IFA_BROADCAST
                """), AddrCodec.add(Addr.of(3, IpPrefix.parse("10.1.2.3/24")), NetlinkMessage.NLM_F_EXCL).toBytes(1, 0));
    }

    @Test
    void ipv6ReplaceRequestWithNodad() {
        Addr addr = Addr.of(2, IpPrefix.parse("fd00::1/64")).withFlags(AddrFlags.NODAD);
        assertArrayEquals(hex("""
                48000000 1400 0505 01000000 00000000   # REQUEST|ACK|REPLACE|CREATE
                0a 40 02 00 02000000                   # AF_INET6, /64, IFA_F_NODAD
                1400 0200 fd000000000000000000000000000001
                1400 0100 fd000000000000000000000000000001
                0800 0800 02000000                     # IFA_FLAGS
                """), AddrCodec.add(addr, NetlinkMessage.NLM_F_REPLACE).toBytes(1, 0));
    }

    @Test
    void deleteRequestNamesTheAddress() {
        assertArrayEquals(hex("""
                28000000 1500 0500 01000000 00000000   # RTM_DELADDR
                02 18 00 00 03000000
                0800 0200 0a010203
                0800 0100 0a010203
                """), AddrCodec.delete(Addr.of(3, IpPrefix.parse("10.1.2.3/24"))).toBytes(1, 0));
    }

    @Test
    void parsesACapturedDump() {
        List<Addr> addrs = AddrCodec.parseAll(NetlinkMessage.parseAll(Captured.datagrams("getaddr-dump").get(0)));
        assertEquals(1, addrs.size());
        Addr addr = addrs.get(0);
        assertEquals(IpPrefix.parse("10.1.2.3/24"), addr.prefix());
        assertEquals(3, addr.linkIndex());
        assertEquals(Scope.UNIVERSE, addr.scope());
        assertEquals(AddrFlags.PERMANENT, addr.flags());
        assertEquals(InetAddresses.parse("10.1.2.255"), addr.broadcast());
        assertEquals("eth0", addr.label());
        assertNull(addr.peer());
    }
}
