package org.descry.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The group split: no group on both sides, the group fraction kept, the same split for the same seed. */
class GroupSplitTest {

    /** {@code groups} groups of 1..6 rows each, in a shuffled row order. */
    static List<String> groups(int groups, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int size = 1 + r.nextInt(6);
            for (int i = 0; i < size; i++) {
                out.add("item" + g);
            }
        }
        for (int i = out.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 8).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyGroupOnOneSideAndTheGroupFractionKept(long seed) {
        int count = 10 + (int) (seed * 37 % 200);
        List<String> g = groups(count, seed);
        double f = 0.1 + 0.1 * (seed % 5);
        boolean[] test = new GroupSplit(f, seed).testRows(g);
        Map<String, Boolean> side = new HashMap<>();
        for (int i = 0; i < test.length; i++) {
            Boolean before = side.put(g.get(i), test[i]);
            assertTrue(before == null || before == test[i], "group " + g.get(i) + " on both sides");
        }
        long testGroups = side.values().stream().filter(b -> b).count();
        assertEquals(Math.round(f * count), testGroups);
        assertArrayEquals(test, new GroupSplit(f, seed).testRows(g));
    }

    @Test
    void smallExactCase() {
        List<String> g = List.of("a", "b", "a", "c", "d", "b", "e");
        boolean[] test = new GroupSplit(0.4, 0).testRows(g);
        Set<String> testGroups = new HashSet<>();
        for (int i = 0; i < test.length; i++) {
            if (test[i]) {
                testGroups.add(g.get(i));
            }
        }
        assertEquals(2, testGroups.size());
        assertEquals(test[0], test[2]);
        assertEquals(test[1], test[5]);
        assertArrayEquals(new int[] {0, 2}, GroupSplit.rows(new boolean[] {true, false, true}, true));
        assertArrayEquals(new int[] {1}, GroupSplit.rows(new boolean[] {true, false, true}, false));
    }

    @Test
    void seedsGiveDifferentSplitsAndBothSidesAreNeverEmpty() {
        List<String> g = groups(100, 1);
        assertFalse(java.util.Arrays.equals(new GroupSplit(0.2, 0).testRows(g), new GroupSplit(0.2, 1).testRows(g)));
        boolean[] tiny = new GroupSplit(0.01, 0).testRows(List.of("a", "b", "b"));
        assertTrue(tiny[0] != tiny[1] && tiny[1] == tiny[2]);
    }

    @Test
    void badArguments() {
        assertTrue(assertThrows(DescryException.class, () -> new GroupSplit(1.0, 0)).getMessage()
                .contains("test fraction must be in (0, 1), got 1.0"));
        assertThrows(DescryException.class, () -> new GroupSplit(0, 0));
        assertTrue(assertThrows(DescryException.class, () -> new GroupSplit(0.2, 0).testRows(List.of("a", "a")))
                .getMessage().contains("at least 2 groups"));
        assertTrue(assertThrows(DescryException.class, () -> new GroupSplit(0.2, 0).testRows(List.of("a", "")))
                .getMessage().contains("group of row 1 is empty"));
    }
}
