package dev.tether.cni.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tether.cni.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The daemonSocket key, read without databind: ipam section first, then top level. */
class ConfiguredSocketTest {
    private static String find(String json) {
        return ConfiguredSocket.find(Fixtures.bytes(json));
    }

    @Test
    void ipamSectionWinsOverTopLevel() {
        assertEquals("/a.sock", find("{\"daemonSocket\":\"/b.sock\",\"ipam\":{\"type\":\"t\",\"daemonSocket\":\"/a.sock\"}}"));
        assertEquals("/a.sock", find("{\"ipam\":{\"daemonSocket\":\" /a.sock \"},\"daemonSocket\":\"/b.sock\"}"));
        assertEquals("/b.sock", find("{\"name\":\"n\",\"prevResult\":{\"ipam\":{\"daemonSocket\":\"/x\"}},"
                + "\"daemonSocket\":\"/b.sock\",\"ipam\":{\"ranges\":[[{\"subnet\":\"10.0.0.0/24\"}]]}}"));
    }

    @Test
    void absentBlankOrUnreadableIsNull() {
        assertNull(find("{\"name\":\"n\",\"ipam\":{\"type\":\"t\"}}"));
        assertNull(find("{\"daemonSocket\":\"  \"}"));
        assertNull(find("{\"daemonSocket\":42,\"ipam\":[1]}"));
        assertNull(find("[\"daemonSocket\"]"));
        assertNull(find("{\"daemonSocket\":\"/a\""), "cut short: the plugin reports the bad JSON");
        assertNull(find(""));
    }
}
