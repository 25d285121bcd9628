package dev.tether.cni.plugins.portmap;

import dev.tether.cni.firewall.AttachmentKey;
import dev.tether.cni.firewall.PortForward;
import dev.tether.cni.invoke.Attachment;
import dev.tether.cni.invoke.NetworkExecutor;
import dev.tether.cni.invoke.ResultCache;
import dev.tether.cni.net.Namespace;
import dev.tether.cni.spec.CniArgs;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.NetworkConfigList;
import dev.tether.cni.spec.Result;
import dev.tether.cni.testing.BridgeLab;
import dev.tether.cni.testing.Fixtures;
import dev.tether.cni.testing.LabTest;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * A lab with an "outside" namespace (the host is 192.0.2.1 to it) and a network whose conflist
 * runs tether-bridge (host-local IPAM) then tether-portmap, through {@link NetworkExecutor} as a
 * runtime runs it.
 */
abstract class PortMapLabTest extends LabTest {
    static final String NETWORK = "pmnet";
    static final String BRIDGE = "ttpm0";
    static final String HOST = "192.0.2.1";
    static final String GATEWAY = "10.91.0.1";

    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    BridgeLab.Container outside;
    NetworkExecutor executor;

    @BeforeEach
    void setUpNetwork() {
        outside = lab.outside();
        executor = new NetworkExecutor(lab.context().invoker(), List.of(lab.cniPath()), new ResultCache(dir.resolve("cache")),
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), stderr);
        try (Namespace host = BridgeLab.open(lab.host())) {
            host.links().setUp("lo"); // for 127.0.0.1
        }
    }

    /** The conflist: tether-bridge (tether-ipam on 10.91.0.0/24, and more subnets), then tether-portmap with extra keys. */
    NetworkConfigList conflist(String bridgeExtra, String portmapExtra, String... moreSubnets) {
        StringBuilder ranges = new StringBuilder("[{\"subnet\":\"10.91.0.0/24\"}]");
        for (String subnet : moreSubnets) {
            ranges.append(",[{\"subnet\":\"").append(subnet).append("\"}]");
        }
        return NetworkConfigList.parse(Fixtures.bytes("{\"cniVersion\":\"1.1.0\",\"name\":\"" + NETWORK + "\",\"plugins\":["
                + "{\"type\":\"tether-bridge\",\"bridge\":\"" + BRIDGE + "\",\"isDefaultGateway\":true,\"ipMasq\":true"
                + (bridgeExtra.isEmpty() ? ",\"hairpinMode\":true" : "," + bridgeExtra)
                + ",\"ipam\":{\"type\":\"tether-ipam\",\"dataDir\":\"" + dir.resolve("data") + "\",\"ranges\":[" + ranges
                + "]}},{\"type\":\"tether-portmap\",\"capabilities\":{\"portMappings\":true}"
                + (portmapExtra.isEmpty() ? "" : "," + portmapExtra) + "}]}"));
    }

    NetworkConfigList conflist() {
        return conflist("", "");
    }

    static Attachment attachment(String id, BridgeLab.Container container, String... mappings) {
        return new Attachment(id, container.path().toString(), "eth0", CniArgs.NONE,
                Map.of("portMappings", Json.parseObject(Fixtures.bytes("{\"m\":[" + String.join(",", mappings) + "]}"), "test")
                        .get("m")));
    }

    /** {"hostPort": H, "containerPort": C, "protocol": P} */
    static String mapping(int hostPort, int containerPort, String protocol) {
        return "{\"hostPort\":" + hostPort + ",\"containerPort\":" + containerPort + ",\"protocol\":\"" + protocol + "\"}";
    }

    static String mapping(String hostIp, int hostPort, int containerPort, String protocol) {
        return "{\"hostIP\":\"" + hostIp + "\",\"hostPort\":" + hostPort + ",\"containerPort\":" + containerPort
                + ",\"protocol\":\"" + protocol + "\"}";
    }

    /** A new container "TAG" (ID "ctr-TAG") added to the network with the mappings. */
    Result add(NetworkConfigList list, BridgeLab.Container container, String... mappings) {
        return executor.add(list, attachment(id(container), container, mappings));
    }

    void del(NetworkConfigList list, BridgeLab.Container container, String... mappings) {
        executor.del(list, attachment(id(container), container, mappings));
    }

    /** "ctr-TAG" for the container "tt-TAG-XXXXXXXX". */
    static String id(BridgeLab.Container container) {
        String name = container.name();
        return "ctr-" + name.substring("tt-".length(), name.lastIndexOf('-'));
    }

    static AttachmentKey key(BridgeLab.Container container) {
        return new AttachmentKey(NETWORK, id(container), "eth0");
    }

    List<PortForward> published(BridgeLab.Container container) {
        return lab.context().firewall().publishedPorts(key(container));
    }

    static String address(Result result) {
        return new BridgeLab.Attached(null, result).address();
    }
}
