package dev.tether.ipam.store;

import dev.tether.natives.ip.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte keys for per-network address maps: {@code network UTF-8 | 0x00 | family (4 or 6) | address}.
 * MapDB compares byte arrays as unsigned, so one network-and-family is a contiguous key range
 * ordered by address.
 */
final class AddressKeys {
    private final byte[] v4Prefix;
    private final byte[] v6Prefix;

    AddressKeys(String network) {
        byte[] name = network.getBytes(StandardCharsets.UTF_8);
        v4Prefix = Arrays.copyOf(name, name.length + 2);
        v4Prefix[name.length + 1] = 4;
        v6Prefix = Arrays.copyOf(name, name.length + 2);
        v6Prefix[name.length + 1] = 6;
    }

    byte[] key(IpAddress a) {
        byte[] prefix = a.isV6() ? v6Prefix : v4Prefix;
        byte[] addr = a.toBytes();
        byte[] key = Arrays.copyOf(prefix, prefix.length + addr.length);
        System.arraycopy(addr, 0, key, prefix.length, addr.length);
        return key;
    }

    /** Whether {@code key} belongs to this network and the family of {@code a}. */
    boolean sameSpace(byte[] key, IpAddress a) {
        byte[] prefix = a.isV6() ? v6Prefix : v4Prefix;
        int addrLen = a.isV6() ? 16 : 4;
        return key.length == prefix.length + addrLen
                && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The address in a key of this network. */
    IpAddress address(byte[] key) {
        return IpAddress.ofBytes(Arrays.copyOfRange(key, v4Prefix.length, key.length));
    }

    /** Network and address of any key of this encoding. */
    static Decoded decode(byte[] key) {
        int sep = 0;
        while (key[sep] != 0) {
            sep++;
        }
        String network = new String(key, 0, sep, StandardCharsets.UTF_8);
        return new Decoded(network, IpAddress.ofBytes(Arrays.copyOfRange(key, sep + 2, key.length)));
    }

    record Decoded(String network, IpAddress address) {
    }

    /** Smallest key of this network (any family) and the first key after it. */
    byte[][] networkRange() {
        byte[] from = Arrays.copyOf(v4Prefix, v4Prefix.length - 1);
        byte[] to = from.clone();
        to[to.length - 1] = 1;
        return new byte[][] {from, to};
    }
}
