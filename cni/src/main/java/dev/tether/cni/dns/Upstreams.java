package dev.tether.cni.dns;

import dev.tether.ipam.config.ResolvConf;
import dev.tether.natives.ip.InetAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's upstream resolvers: the {@code nameserver} lines of its resolv.conf, re-read
 * whenever the file changes (DHCP and VPN clients rewrite it). Entries that are not address
 * literals (e.g. a scoped {@code fe80::1%eth0}) are skipped. Thread-safe.
 */
final class Upstreams {
    private static final Logger LOG = LoggerFactory.getLogger(Upstreams.class);

    private record Snapshot(FileTime modified, long size, List<InetAddress> servers) {}

    private final Path file;
    private volatile Snapshot snapshot = new Snapshot(null, -1, List.of());

    Upstreams(Path file) {
        this.file = file;
    }

    List<InetAddress> current() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            if (snapshot.size() != -2) {
                LOG.warn("cannot read {} ({}): names outside Tether's networks will not resolve", file, e.toString());
                snapshot = new Snapshot(null, -2, List.of());
            }
            return List.of();
        }
        Snapshot known = snapshot;
        if (attributes.lastModifiedTime().equals(known.modified()) && attributes.size() == known.size()) {
            return known.servers();
        }
        Snapshot read = read(attributes);
        snapshot = read;
        return read.servers();
    }

    private Snapshot read(BasicFileAttributes attributes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            LOG.warn("cannot read {} ({})", file, e.toString());
            return new Snapshot(null, -2, List.of());
        }
        List<InetAddress> servers = new ArrayList<>();
        for (String text : ResolvConf.parse(lines).nameservers()) {
            try {
                servers.add(InetAddresses.parse(text));
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: skipping nameserver {} ({})", file, text, e.getMessage());
            }
        }
        LOG.info("upstream resolvers from {}: {}", file, servers.stream().map(InetAddresses::format).toList());
        return new Snapshot(attributes.lastModifiedTime(), attributes.size(), List.copyOf(servers));
    }
}
