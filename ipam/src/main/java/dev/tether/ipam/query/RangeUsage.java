package dev.tether.ipam.query;

import java.math.BigInteger;

/**
 * Usage of one range: {@code size} addresses can be handed out (the range minus network,
 * broadcast, gateway and excluded addresses), {@code used} are leased, {@code free} remain.
 */
public record RangeUsage(int rangeSet, String range, String subnet, String gateway, BigInteger size,
                         BigInteger used, BigInteger free) {
}
