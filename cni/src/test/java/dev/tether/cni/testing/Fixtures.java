package dev.tether.cni.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.cni.skel.Outcome;
import dev.tether.cni.spec.Cidr;
import dev.tether.cni.spec.Dns;
import dev.tether.cni.spec.Json;
import dev.tether.cni.spec.Result;
import dev.tether.cni.spec.Route;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders of environments, configs and results shared by the tests. */
public final class Fixtures {
    /** Where Debian installs the reference plugins. */
    public static final Path REFERENCE_PLUGINS = Path.of("/usr/lib/cni");

    private Fixtures() {}

    /** A complete ADD/CHECK/DEL environment; {@code netns} must exist for ADD and CHECK. */
    public static Map<String, String> env(String command, Path netns) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", "ctr-1");
        env.put("CNI_NETNS", netns.toString());
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", REFERENCE_PLUGINS.toString());
        return env;
    }

    public static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public static ObjectNode json(String json) {
        return Json.parseObject(bytes(json), "test JSON");
    }

    public static ObjectNode stdoutJson(Outcome outcome) {
        return Json.parseObject(outcome.stdout(), "plugin stdout");
    }

    /** A netns stand-in: any existing absolute path passes the spec-level checks. */
    public static Path fakeNetns(Path dir) throws Exception {
        return Files.createFile(dir.resolve("netns"));
    }

    public static Result sampleResult() {
        return new Result(
                List.of(new Result.Interface("tt-br0", "0a:58:0a:01:00:01", 1500, null, null, null),
                        new Result.Interface("eth0", "0a:58:0a:01:00:05", 1500, "/run/netns/x", null, null)),
                List.of(new Result.IpConfig(Cidr.parse("10.1.0.5/16"), Cidr.parseAddress("10.1.0.1"), 1),
                        new Result.IpConfig(Cidr.parse("fd00:1::5/64"), Cidr.parseAddress("fd00:1::1"), 1)),
                List.of(Route.of(Cidr.parse("0.0.0.0/0"), null),
                        Route.of(Cidr.parse("::/0"), Cidr.parseAddress("fd00:1::1"))),
                new Dns(List.of("10.1.0.1"), "example.test", List.of("example.test"), List.of("ndots:2")));
    }
}
