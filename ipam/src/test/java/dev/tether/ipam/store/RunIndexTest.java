package dev.tether.ipam.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.natives.ip.IpAddress;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The run index against a plain bit set, over random adds and removes (the map is MapDB's in the store). */
class RunIndexTest {
    private static final IpAddress BASE = IpAddress.parse("10.0.0.0");
    private final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);
    private final RunIndex runs = new RunIndex(map, new AddressKeys("net"));
    private final RunIndex otherNetwork = new RunIndex(map, new AddressKeys("net2"));

    private static IpAddress at(int i) {
        return BASE.plus(BigInteger.valueOf(i));
    }

    @Test
    void matchesABitSetUnderRandomChurn() {
        Random random = new Random(42);
        BitSet taken = new BitSet();
        otherNetwork.add(at(5)); // another network's entries must never leak into this one
        for (int step = 0; step < 5000; step++) {
            int i = random.nextInt(200);
            if (taken.get(i)) {
                runs.remove(at(i));
                taken.clear(i);
            } else {
                runs.add(at(i));
                taken.set(i);
            }
        }
        for (int i = 0; i < 201; i++) {
            IpAddress expectedEnd = taken.get(i) ? at(taken.nextClearBit(i) - 1) : null;
            assertEquals(expectedEnd, runs.endOfRunAt(at(i)), "end of run at " + i);
        }
        assertEquals(taken.cardinality(), runs.countTaken(at(0), at(300)).intValue());
        assertEquals(taken.get(10, 50).cardinality(), runs.countTaken(at(10), at(49)).intValue());
        int runCount = 0;
        for (int i = taken.nextSetBit(0); i >= 0; i = taken.nextSetBit(taken.nextClearBit(i))) {
            runCount++;
        }
        assertEquals(runCount + 1, map.size(), "runs are maximal (+1 for the other network's entry)");
    }

    @Test
    void edgesOfTheAddressSpace() {
        IpAddress max = IpAddress.parse("255.255.255.255");
        runs.add(max);
        runs.add(max.previous());
        assertEquals(max, runs.endOfRunAt(max.previous()));
        runs.remove(max);
        assertEquals(max.previous(), runs.endOfRunAt(max.previous()));
        IpAddress zero = IpAddress.parse("0.0.0.0");
        runs.add(zero);
        runs.add(zero.next());
        assertEquals(zero.next(), runs.endOfRunAt(zero));
        IpAddress v6 = IpAddress.parse("fd00::ffff:ffff:ffff:ffff");
        runs.add(v6);
        assertEquals(v6, runs.endOfRunAt(v6));
        assertEquals(null, runs.endOfRunAt(IpAddress.parse("10.0.0.1")));
    }
}
