package dev.tether.ipam.config;

import dev.tether.ipam.IpamException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a resolv.conf file into {@link Dns}, the way host-local's {@code resolvConf} key does. */
public final class ResolvConf {
    private ResolvConf() {
    }

    public static Dns read(Path file) throws IpamException.InvalidConfig {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IpamException.InvalidConfig("ipam.resolvConf: cannot read " + file + ": " + e.getMessage());
        }
        return parse(lines);
    }

    public static Dns parse(List<String> lines) {
        List<String> nameservers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        String domain = null;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || f[0].startsWith("#") || f[0].startsWith(";")) {
                continue;
            }
            List<String> values = Arrays.asList(f).subList(1, f.length);
            switch (f[0]) {
                case "nameserver" -> nameservers.add(f[1]);
                case "domain" -> domain = f[1];
                case "search" -> search.addAll(values);
                case "options" -> options.addAll(values);
                default -> { }
            }
        }
        return new Dns(nameservers, domain, search, options);
    }
}
