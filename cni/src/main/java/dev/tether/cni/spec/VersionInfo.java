package dev.tether.cni.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The VERSION result: the version in use and the versions a plugin supports. */
public record VersionInfo(String cniVersion, List<String> supportedVersions) {

    public VersionInfo {
        supportedVersions = List.copyOf(supportedVersions);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("cniVersion", cniVersion);
        ArrayNode versions = node.putArray("supportedVersions");
        supportedVersions.forEach(versions::add);
        return node;
    }

    /**
     * Reads a plugin's VERSION output; a 0.2.0 plugin may omit supportedVersions (it then
     * supports 0.1.0 and 0.2.0), as libcni accepts.
     *
     * @throws CniException code 6 when it is not a version object
     */
    public static VersionInfo fromBytes(byte[] bytes) {
        JsonFields fields = JsonFields.ofResult(Json.parseObject(bytes, "VERSION output"), "");
        String version = fields.requireString("cniVersion");
        List<String> supported = fields.stringList("supportedVersions");
        if (supported.isEmpty()) {
            if (!version.equals("0.2.0")) {
                throw fields.invalid("supportedVersions", "is required");
            }
            supported = List.of("0.1.0", "0.2.0");
        }
        return new VersionInfo(version, supported);
    }
}
