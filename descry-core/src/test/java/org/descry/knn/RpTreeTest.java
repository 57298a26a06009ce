package org.descry.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.linalg.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Random-projection trees, both kinds: leaves that partition the rows, seeded, and searchable leaves. */
class RpTreeTest {

    private static final Kernels KERNELS = Kernels.best().withThreads(1);

    static Stream<Arguments> shapes() {
        // rows, columns, leaf size, distinct rows (0: all distinct), seed
        return Stream.of(Arguments.of(2000, 12, 30, 0, 0L), Arguments.of(500, 3, 1, 0, 1L),
                Arguments.of(300, 5, 4, 2, 2L), Arguments.of(64, 7, 2, 1, 3L), Arguments.of(1, 4, 1, 0, 4L),
                Arguments.of(40, 2, 50, 0, 5L));
    }

    private static float[] rows(int n, int d, int distinct, long seed) {
        if (distinct == 0) {
            return KnnData.clustered(n, d, 6, seed).toArray();
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(distinct);
            for (int q = 0; q < d; q++) {
                out[i * d + q] = c + 0.25f * q;
            }
        }
        return out;
    }

    /** Every row in exactly one leaf of 1 to {@code leafSize} rows, leaves left to right; the same for a seed. */
    @ParameterizedTest
    @MethodSource("shapes")
    void leavesPartitionTheRows(int n, int d, int leafSize, int distinct, long seed) {
        float[] data = rows(n, d, distinct, seed);
        for (boolean searchable : new boolean[] {false, true}) {
            RpTree t = searchable ? RpTree.searchable(data, n, d, leafSize, seed, KERNELS)
                    : RpTree.forest(data, n, d, leafSize, new SplittableRandom(seed), KERNELS);
            boolean[] seen = new boolean[n];
            for (int p = 0; p < n; p++) {
                assertTrue(!seen[t.order[p]], "row " + t.order[p] + " twice");
                seen[t.order[p]] = true;
            }
            assertEquals(0, t.leafStart[0]);
            assertEquals(n, t.leafStart[t.leaves()]);
            for (int l = 0; l < t.leaves(); l++) {
                int size = t.leafStart[l + 1] - t.leafStart[l];
                assertTrue(size >= 1 && size <= leafSize, "leaf " + l + " has " + size + " rows");
            }
            RpTree again = searchable ? RpTree.searchable(data, n, d, leafSize, seed, KERNELS)
                    : RpTree.forest(data, n, d, leafSize, new SplittableRandom(seed), KERNELS);
            assertArrayEquals(t.order, again.order);
            assertArrayEquals(t.leafStart, again.leafStart);
        }
    }

    /** A row off every hyperplane on its path descends to the leaf that holds it. */
    @Test
    void searchableRowsFindTheirOwnLeaf() {
        int n = 3000;
        int d = 16;
        float[] data = KnnData.clustered(n, d, 10, 7).toArray();
        RpTree t = RpTree.searchable(data, n, d, 25, 7, KERNELS);
        int[] leafOf = new int[n];
        for (int l = 0; l < t.leaves(); l++) {
            for (int p = t.leafStart[l]; p < t.leafStart[l + 1]; p++) {
                leafOf[t.order[p]] = l;
            }
        }
        int own = 0;
        for (int i = 0; i < n; i++) {
            own += t.leaf(data, i * d, KERNELS) == leafOf[i] ? 1 : 0;
        }
        // the planes pass halfway between two rows, so only the float offset's rounding can move a row
        assertTrue(own >= n - 5, own + " of " + n + " rows reached their own leaf");
        assertTrue(t.leaves() >= n / 25);
    }

    @Test
    void forestTreesKeepNoPlanes() {
        float[] data = rows(100, 3, 0, 1);
        RpTree t = RpTree.forest(data, 100, 3, 10, new SplittableRandom(1), KERNELS);
        assertThrows(IllegalStateException.class, () -> t.leaf(data, 0, KERNELS));
        assertEquals(0, RpTree.searchable(data, 1, 3, 10, 1, KERNELS).leaf(data, 0, KERNELS));
    }
}
