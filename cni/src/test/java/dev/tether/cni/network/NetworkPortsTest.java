package dev.tether.cni.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.cni.cli.CliRun;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.NetworkLabTest;
import dev.tether.cni.testing.PortProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Publishing ports with 'tether network connect -p/-P', end to end: the conflist, the wire, inspect, disconnect. */
class NetworkPortsTest extends NetworkLabTest {

    private static List<String> ports(JsonNode container) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : container.get("ports")) {
            out.add(p.get("hostIP").asText() + ":" + p.get("hostPort").asInt() + "->" + p.get("containerIP").asText() + ":"
                    + p.get("containerPort").asInt() + "/" + p.get("protocol").asText());
        }
        return out;
    }

    @Test
    void connectPublishesGivenAndPickedPortsAndDisconnectTakesThemBack() throws Exception {
        BridgeLab.Container outside = net.outside();
        net.create("web", "--subnet", "10.93.0.0/24");
        JsonNode plugins = net.inspect("web").get("config").get("plugins");
        assertEquals("tether-portmap", plugins.get(1).get("type").asText());
        assertTrue(plugins.get(1).get("capabilities").get("portMappings").asBoolean());

        BridgeLab.Container c = net.lab().container("c");
        String out = net.network("connect", "web", c.path().toString(), "--container", "ctr-c", "-p", "8080:80/tcp",
                "-p", "5353:53/udp", "--expose", "7000", "-P").ok();
        assertEquals(List.of("connected ctr-c to web as eth0 (10.93.0.2/24)", "53/udp -> 0.0.0.0:5353",
                "80/tcp -> 0.0.0.0:8080", "7000/tcp -> 0.0.0.0:49153"), out.lines().toList());
        try (PortProbe web = PortProbe.tcp(c.ns(), 80); PortProbe dns = PortProbe.udp(c.ns(), 53);
             PortProbe admin = PortProbe.tcp(c.ns(), 7000)) {
            assertEquals(Optional.of("tcp 192.0.2.2"), PortProbe.tcpFrom(outside.ns(), "192.0.2.1", 8080));
            assertEquals(Optional.of("udp 192.0.2.2"), PortProbe.udpFrom(outside.ns(), "192.0.2.1", 5353));
            assertEquals(Optional.of("tcp 192.0.2.2"), PortProbe.tcpFrom(outside.ns(), "192.0.2.1", 49153));
        }
        JsonNode container = net.inspect("web").get("containers").get(0);
        assertEquals(List.of("0.0.0.0:5353->10.93.0.2:53/udp", "0.0.0.0:8080->10.93.0.2:80/tcp",
                "0.0.0.0:49153->10.93.0.2:7000/tcp"), ports(container));

        BridgeLab.Container d = net.lab().container("d");
        net.network("connect", "web", d.path().toString(), "--container", "ctr-d", "-p", "8080:80").fails(1,
                "host port 0.0.0.0:8080/tcp is already published by container ctr-c (eth0 on network web)");
        assertEquals(1, net.inspect("web").get("containers").size(), "the failed connect was undone");
        assertEquals(List.of(), BridgeLab.links(d.ns()));

        net.network("disconnect", "web", "ctr-c").ok();
        assertFalse(net.inetTable().contains("ctr-c"), net.inetTable());
        net.network("connect", "web", d.path().toString(), "--container", "ctr-d", "-p", "127.0.0.1:8080:80").ok();
        assertEquals(List.of("127.0.0.1:8080->" + net.address("web", "ctr-d", "eth0") + ":80/tcp"),
                ports(net.inspect("web").get("containers").get(0)), "the port is free again");
    }

    @Test
    void containersOfOtherNetworksReachAPublishedPortAndAContainerOnTwoNetworksKeepsItsFirstGateway() throws Exception {
        net.outside(); // gives the host 192.0.2.1
        net.create("web", "--subnet", "10.93.0.0/24");
        net.create("other", "--subnet", "10.96.0.0/24");
        BridgeLab.Container c = net.connectNew("web", "c", "-p", "8080:80");
        BridgeLab.Container e = net.connectNew("other", "e");
        BridgeLab.Container f = net.connectNew("web", "f");
        net.connect("other", f, "ctr-f");
        try (PortProbe web = PortProbe.tcp(c.ns(), 80)) {
            assertEquals(Optional.of("tcp 10.93.0.1"), PortProbe.tcpFrom(e.ns(), "192.0.2.1", 8080),
                    "a published port is the host's: reachable from another network's container");
            assertEquals(Optional.empty(), PortProbe.tcpFrom(e.ns(), "10.93.0.2", 80), "the networks stay isolated");
            assertEquals(Optional.of("tcp 10.93.0.1"), PortProbe.tcpFrom(f.ns(), "192.0.2.1", 8080), "a container on both networks");
        }
        assertEquals(List.of("default via 10.93.0.1 dev eth0", "default via 10.96.0.1 dev eth1 metric 1"),
                BridgeLab.exec(f.name(), "ip", "-4", "route", "show", "default").strip().lines().map(String::strip).toList());
        net.network("disconnect", "web", "ctr-f").ok();
        assertEquals(List.of("default via 10.96.0.1 dev eth1 metric 1"),
                BridgeLab.exec(f.name(), "ip", "-4", "route", "show", "default").strip().lines().map(String::strip).toList(),
                "the second network's gateway takes over");
    }

    @Test
    void badPublishOptionsAndNetworksWithoutPortMappingFailInOneLine() throws Exception {
        net.create("closed", "--internal", "--subnet", "10.94.0.0/24");
        assertEquals(1, net.inspect("closed").get("config").get("plugins").size(), "an internal network publishes no ports");
        BridgeLab.Container c = net.lab().container("c");
        String path = c.path().toString();
        net.network("connect", "closed", path, "--container", "ctr-c", "-p", "80").fails(1,
                "network closed is internal: nothing reaches its containers from outside, so it publishes no ports; publish"
                + " them on another network the container joins");
        net.create("open", "--subnet", "10.95.0.0/24");
        net.network("connect", "open", path, "--container", "ctr-c", "-p", "80/icmp").fails(2, "--publish 80/icmp");
        net.network("connect", "open", path, "--container", "ctr-c", "-P").fails(2, "--expose");
        net.network("connect", "open", path, "--container", "ctr-c", "--expose", "80").fails(2, "without -P");
        CliRun none = net.network("inspect", "open");
        assertEquals(0, none.json().get(0).get("containers").size(), "nothing was connected");
    }
}
