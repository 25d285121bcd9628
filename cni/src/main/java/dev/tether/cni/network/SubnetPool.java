package dev.tether.cni.network;

import dev.tether.natives.ip.IpPrefix;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code tether network create} takes a subnet from when none is given, like Docker's
 * default address pools: 172.17.0.0/16 to 172.31.0.0/16, then 192.168.0.0/16 in /20s; for IPv6
 * the /64s of Tether's unique local prefix {@value #IPV6_BASE}. The first subnet that overlaps
 * nothing taken wins.
 */
public final class SubnetPool {
    static final String IPV6_BASE = "fd74:7468:7200::/48";

    /** Consecutive subnets of one size carved out of a base prefix. */
    record Block(IpPrefix base, int size) {
        BigInteger count() {
            return BigInteger.ONE.shiftLeft(size - base.prefixLength());
        }

        IpPrefix subnet(BigInteger index) {
            return new IpPrefix(base.addressAt(index.shiftLeft(base.maxLength() - size)), size);
        }
    }

    public static final SubnetPool IPV4 = new SubnetPool(List.of(
            new Block(IpPrefix.parse("172.17.0.0/16"), 16), new Block(IpPrefix.parse("172.18.0.0/15"), 16),
            new Block(IpPrefix.parse("172.20.0.0/14"), 16), new Block(IpPrefix.parse("172.24.0.0/13"), 16),
            new Block(IpPrefix.parse("192.168.0.0/16"), 20)));
    public static final SubnetPool IPV6 = new SubnetPool(List.of(new Block(IpPrefix.parse(IPV6_BASE), 64)));

    private final List<Block> blocks;

    SubnetPool(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** The first subnet of the pool that overlaps none of {@code taken}; empty when every one does. */
    public Optional<IpPrefix> firstFree(Collection<IpPrefix> taken) {
        for (Block block : blocks) {
            for (BigInteger i = BigInteger.ZERO; i.compareTo(block.count()) < 0; i = i.add(BigInteger.ONE)) {
                IpPrefix candidate = block.subnet(i);
                if (taken.stream().noneMatch(candidate::overlaps)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The pool's blocks as text, for messages. */
    public String describe() {
        return blocks.stream().map(b -> b.base() + " in /" + b.size() + "s").toList().toString();
    }
}
