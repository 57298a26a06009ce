package org.descry.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Majority naming: the most frequent true value per cluster, ties alphabetical, no value leaves it unnamed. */
class MajorityNamesTest {

    @Test
    void namesEachClusterByItsMajority() {
        int[] clusters = {0, 0, 0, 1, 1, 2, 2, 2, 3, -1, 0};
        String[] truth = {"red", "red", "blue", "blue", "green", "", null, "", "red", "blue", "blue"};
        // cluster 0: red 2, blue 2 -> tie to "blue"; cluster 1: blue 1, green 1 -> "blue"; cluster 2: no value;
        // cluster 3: red; the noise row is left out; cluster 4 has no member
        assertArrayEquals(new String[] {"blue", "blue", null, "red", null}, MajorityNames.of(clusters, 5, truth));
        assertArrayEquals(new String[] {"red"}, MajorityNames.of(new int[] {0, 0, 0}, 1,
                new String[] {"red", "red", "blue"}));
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> MajorityNames.of(new int[] {0}, 1, new String[0]));
        assertThrows(IllegalArgumentException.class, () -> MajorityNames.of(new int[] {3}, 2, new String[] {"a"}));
    }
}
