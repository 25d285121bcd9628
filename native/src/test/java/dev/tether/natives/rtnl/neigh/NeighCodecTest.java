package dev.tether.natives.rtnl.neigh;

import static dev.tether.natives.testing.Captured.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tether.natives.ip.InetAddresses;
import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.rtnl.Family;
import dev.tether.natives.testing.Captured;

class NeighCodecTest {

    @Test
    void staticArpRequest() {
        Neigh neigh = Neigh.arp(3, InetAddresses.parse("10.1.2.9"), MacAddress.parse("02:00:00:00:00:09"));
        assertArrayEquals(hex("""
                30000000 1c00 0506 01000000 00000000   # RTM_NEWNEIGH, REQUEST|ACK|EXCL|CREATE
                02 00 0000 03000000 8000 00 00         # AF_INET, link 3, NUD_PERMANENT
                0800 0100 0a010209                     # NDA_DST
                0a00 0200 020000000009 0000            # NDA_LLADDR
                """), NeighCodec.add(neigh, NetlinkMessage.NLM_F_EXCL).toBytes(1, 0));
    }

    @Test
    void vxlanFloodEntryIsAppended() {
        Neigh flood = Neigh.fdb(5, MacAddress.parse("00:00:00:00:00:00")).withIp(InetAddresses.parse("192.168.1.2"));
        assertArrayEquals(hex("""
                30000000 1c00 050c 01000000 00000000   # REQUEST|ACK|CREATE|APPEND
                07 00 0000 05000000 8000 02 00         # AF_BRIDGE, link 5, NUD_PERMANENT, NTF_SELF
                0800 0100 c0a80102                     # NDA_DST: the VXLAN remote
                0a00 0200 000000000000 0000
                """), NeighCodec.add(flood, NetlinkMessage.NLM_F_APPEND).toBytes(1, 0));
    }

    @Test
    void parsesACapturedDump() {
        List<Neigh> entries = NeighCodec.parseAll(NetlinkMessage.parseAll(Captured.datagrams("getneigh-dump").get(0)));
        assertEquals(List.of(new Neigh(3, Family.IPV4, InetAddresses.parse("10.1.2.9"),
                MacAddress.parse("02:00:00:00:00:09"), NeighState.PERMANENT, 0, 0, 0, 0)), entries);
    }
}
