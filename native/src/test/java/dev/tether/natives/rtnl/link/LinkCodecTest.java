package dev.tether.natives.rtnl.link;

import static dev.tether.natives.testing.Captured.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tether.natives.ip.MacAddress;
import dev.tether.natives.netlink.NetlinkMessage;
import dev.tether.natives.netns.NetNs;
import dev.tether.natives.testing.Captured;

class LinkCodecTest {

    @Test
    void vethRequest() {
        byte[] bytes = LinkCodec.create(Veth.of("tt0", "tt1")).toBytes(1, 0);
        assertArrayEquals(hex("""
                58000000 1000 0506 01000000 00000000   # 88 bytes, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
                00 00 0000 00000000 00000000 00000000  # ifinfomsg
                0800 0300 74743000                     # IFLA_IFNAME "tt0"
                3000 1200                              # IFLA_LINKINFO (48)
                  0900 0100 76657468 00 000000         #   IFLA_INFO_KIND "veth"
                  2000 0200                            #   IFLA_INFO_DATA (32)
                    1c00 0100                          #     VETH_INFO_PEER (28)
                      00 00 0000 00000000 00000000 00000000   # the peer's ifinfomsg
                      0800 0300 74743100               #       IFLA_IFNAME "tt1"
                """), bytes);
    }

    @Test
    void vethRequestWithMacsUpAndPeerInAnotherNamespace() {
        try (NetNs ns = NetNs.current()) {
            Veth veth = new Veth(LinkAttrs.named("tt0").withMac(MacAddress.parse("02:00:00:00:00:01")).withUp(true),
                    LinkAttrs.named("tt1").withMac(MacAddress.parse("02:00:00:00:00:02")), ns);
            String fd = String.format("%02x000000", ns.fd()); // little-endian, fd < 256
            assertArrayEquals(hex("""
                    78000000 1000 0506 01000000 00000000
                    00 00 0000 00000000 01000000 01000000  # flags IFF_UP, change IFF_UP
                    0800 0300 74743000
                    0a00 0100 020000000001 0000            # IFLA_ADDRESS
                    4400 1200                              # IFLA_LINKINFO (68)
                      0900 0100 76657468 00 000000
                      3400 0200                            #   IFLA_INFO_DATA (52)
                        3000 0100                          #     VETH_INFO_PEER (48)
                          00 00 0000 00000000 00000000 00000000
                          0800 0300 74743100
                          0a00 0100 020000000002 0000
                          0800 1c00 %s                     #       IFLA_NET_NS_FD
                    """.formatted(fd)), LinkCodec.create(veth).toBytes(1, 0));
        }
    }

    @Test
    void bridgeRequestWithVlanFilteringOff() {
        Bridge bridge = new Bridge(LinkAttrs.named("br0"), BridgeOptions.DEFAULTS.withVlanFiltering(false));
        assertArrayEquals(hex("""
                44000000 1000 0506 01000000 00000000
                00 00 0000 00000000 00000000 00000000
                0800 0300 62723000
                1c00 1200
                  0b00 0100 627269646765 00 00         #   IFLA_INFO_KIND "bridge"
                  0c00 0200
                    0500 0700 00 000000                #     IFLA_BR_VLAN_FILTERING 0
                """), LinkCodec.create(bridge).toBytes(1, 0));
    }

    @Test
    void bridgePortFlagsRequest() {
        BridgePort port = BridgePort.UNCHANGED.withHairpin(true).withIsolated(true);
        assertArrayEquals(hex("""
                50000000 1000 0500 01000000 00000000   # RTM_NEWLINK without CREATE: change a link
                00 00 0000 00000000 00000000 00000000
                0a00 0300 7665746830 00 0000           # IFLA_IFNAME "veth0"
                2400 1200
                  0b00 0400 627269646765 00 00         #   IFLA_INFO_SLAVE_KIND "bridge"
                  1400 0500                            #   IFLA_INFO_SLAVE_DATA
                    0500 0400 01 000000                #     IFLA_BRPORT_MODE (hairpin) 1
                    0500 2100 01 000000                #     IFLA_BRPORT_ISOLATED 1
                """), LinkCodec.setBridgePort("veth0", port).toBytes(1, 0));
    }

    @Test
    void upChangesOnlyTheUpFlag() {
        assertArrayEquals(hex("""
                28000000 1000 0500 01000000 00000000
                00 00 0000 00000000 01000000 01000000
                0800 0300 62723000
                """), LinkCodec.setFlags("br0", LinkFlags.UP, true).toBytes(1, 0));
        assertArrayEquals(hex("""
                28000000 1000 0500 01000000 00000000
                00 00 0000 00000000 00000000 00010000  # promisc off: flags 0, change IFF_PROMISC
                0800 0300 62723000
                """), LinkCodec.setFlags("br0", LinkFlags.PROMISC, false).toBytes(1, 0));
    }

    @Test
    void parsesACapturedVethThatIsABridgePort() {
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(Captured.datagrams("getlink-veth0").get(0));
        Veth veth = assertInstanceOf(Veth.class, LinkCodec.parse(messages.get(0)));
        LinkAttrs a = veth.attrs();
        assertEquals("veth0", a.name());
        assertEquals(4, a.index());
        assertEquals(MacAddress.parse("02:00:00:00:00:01"), a.mac());
        assertEquals(1400, a.mtu());
        assertEquals(2, a.masterIndex());
        assertEquals(3, veth.peer().index());
        assertNull(veth.peer().name());
        assertEquals(new BridgePort(true, true, false, true), a.bridgePort());
        assertEquals(true, a.isUp());
        assertEquals(OperState.UP, a.operState());
    }
}
