package dev.tether.cni.dns;

import dev.tether.cni.dns.wire.DnsName;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Addresses as reverse-lookup names: {@code 4.3.2.1.in-addr.arpa} and the 32 nibbles of {@code ip6.arpa}. */
final class ReverseName {
    private static final DnsName IN_ADDR_ARPA = DnsName.of("in-addr.arpa");
    private static final DnsName IP6_ARPA = DnsName.of("ip6.arpa");
    private static final String HEX = "0123456789abcdef";

    private ReverseName() {}

    static DnsName of(InetAddress address) {
        byte[] bytes = address.getAddress();
        List<String> labels = new ArrayList<>();
        for (int i = bytes.length - 1; i >= 0; i--) {
            int b = bytes[i] & 0xff;
            if (address instanceof Inet4Address) {
                labels.add(Integer.toString(b));
            } else {
                labels.add(String.valueOf(HEX.charAt(b & 0xf)));
                labels.add(String.valueOf(HEX.charAt(b >>> 4)));
            }
        }
        labels.addAll((address instanceof Inet4Address ? IN_ADDR_ARPA : IP6_ARPA).labels());
        return DnsName.fromLabels(labels);
    }

    /** The address a complete reverse name stands for; empty for any other name (a partial one included). */
    static Optional<InetAddress> parse(DnsName name) {
        List<String> labels = name.labels();
        byte[] bytes;
        if (labels.size() == 6 && name.endsWith(IN_ADDR_ARPA)) {
            bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = octet(labels.get(i));
                if (octet < 0) {
                    return Optional.empty();
                }
                bytes[3 - i] = (byte) octet;
            }
        } else if (labels.size() == 34 && name.endsWith(IP6_ARPA)) {
            bytes = new byte[16];
            for (int i = 0; i < 32; i++) {
                String label = labels.get(i);
                int nibble = label.length() == 1 ? Character.digit(label.charAt(0), 16) : -1;
                if (nibble < 0) {
                    return Optional.empty();
                }
                bytes[15 - i / 2] |= (byte) (i % 2 == 0 ? nibble : nibble << 4);
            }
        } else {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByAddress(bytes);
            // Java turns ::ffff:a.b.c.d into an IPv4 address: that name is not the IPv4 one's.
            return address.getAddress().length == bytes.length ? Optional.of(address) : Optional.empty();
        } catch (UnknownHostException impossible) {
            return Optional.empty();
        }
    }

    /** A decimal octet written canonically (no sign, no leading zero), or -1. */
    private static int octet(String label) {
        if (label.isEmpty() || label.length() > 3 || (label.length() > 1 && label.charAt(0) == '0')
                || !label.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int value = Integer.parseInt(label);
        return value <= 255 ? value : -1;
    }
}
