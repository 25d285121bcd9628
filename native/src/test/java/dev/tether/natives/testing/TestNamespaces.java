package dev.tether.natives.testing;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.tether.natives.libc.NotFoundException;
import dev.tether.natives.netns.NetNs;

/**
 * Named namespaces a test creates ("tt-" + a random suffix, so concurrent test runs on the machine
 * never collide), all deleted by {@link #close()} even when the test failed.
 */
public final class TestNamespaces implements AutoCloseable {
    private final List<NetNs> handles = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    /** Creates and opens a namespace "tt-TAG-XXXXXXXX". */
    public synchronized NetNs create(String tag) {
        String name = uniqueName(tag);
        NetNs ns = NetNs.create(name);
        names.add(name);
        handles.add(ns);
        return ns;
    }

    public static String uniqueName(String tag) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return "tt-" + tag + "-" + HexFormat.of().formatHex(random);
    }

    public synchronized List<String> names() {
        return List.copyOf(names);
    }

    @Override
    public synchronized void close() {
        handles.forEach(NetNs::close);
        for (String name : names) {
            try {
                NetNs.delete(name);
            } catch (NotFoundException alreadyGone) {
                // the test deleted it itself
            }
        }
        handles.clear();
        names.clear();
    }
}
