package org.descry.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The k-d tree search: the answers of brute force, on every shape and leaf size, and its argument checks. */
class KdTreeTest {

    static Stream<Arguments> cases() {
        // rows, columns, clusters (0: one Gaussian), k, leaf size, seed
        return Stream.of(Arguments.of(3000, 8, 20, 50, 48, 0L), Arguments.of(2000, 9, 0, 20, 16, 1L),
                Arguments.of(1500, 3, 5, 10, 1, 2L), Arguments.of(700, 20, 10, 30, 64, 3L),
                Arguments.of(40, 5, 0, 40, 48, 4L), Arguments.of(2500, 1, 0, 7, 32, 5L));
    }

    /** Same neighbours, same distances (bit for bit) and same order as {@link ExactKnn#query}. */
    @ParameterizedTest
    @MethodSource("cases")
    void equalsBruteForce(int n, int d, int clusters, int k, int leaf, long seed) {
        FloatMatrix all = clusters == 0 ? KnnData.gaussian(n + 300, d, seed)
                : KnnData.clustered(n + 300, d, clusters, seed);
        FloatMatrix train = all.rowRange(0, n).copy();
        FloatMatrix queries = all.rowRange(n, n + 300).copy();
        KnnGraph truth = ExactKnn.query(train, queries, k);
        for (int threads : new int[] {1, 2}) {
            KnnGraph tree = KdTree.build(train, leaf).query(queries, k, threads, Progress.NONE);
            assertArrayEquals(truth.indices(), tree.indices(), "threads " + threads);
            assertArrayEquals(truth.distances(), tree.distances(), "threads " + threads);
            assertTrue(tree.exact());
            assertEquals(k, tree.k());
        }
    }

    /** A query equal to a reference row finds it first, at distance 0; duplicates tie by index. */
    @Test
    void duplicatesTieByIndex() {
        float[] rows = {0, 0, 1, 1, 0, 0, 2, 2, 0, 0};
        FloatMatrix reference = FloatMatrix.wrap(rows, 5, 2);
        KnnGraph g = KdTree.build(reference, 1).query(FloatMatrix.wrap(new float[] {0, 0}, 1, 2), 4, 1,
                Progress.NONE);
        assertArrayEquals(new int[] {0, 2, 4, 1}, g.indices());
        assertEquals(0f, g.distance(0, 0));
        assertEquals((float) Math.sqrt(2), g.distance(0, 3));
    }

    @Test
    void rejectsBadArguments() {
        FloatMatrix reference = KnnData.gaussian(50, 4, 7);
        KdTree tree = KdTree.build(reference, 8);
        assertThrows(IllegalArgumentException.class, () -> KdTree.build(reference, 0));
        assertThrows(DescryException.class, () -> tree.query(KnnData.gaussian(3, 4, 1), 51, 1, Progress.NONE));
        assertThrows(DescryException.class, () -> tree.query(KnnData.gaussian(3, 4, 1), 0, 1, Progress.NONE));
        assertThrows(DescryException.class, () -> tree.query(KnnData.gaussian(3, 5, 1), 2, 1, Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> tree.query(KnnData.gaussian(3, 4, 1), 2, 0,
                Progress.NONE));
        float[] bad = new float[8];
        bad[5] = Float.NaN;
        assertThrows(DescryException.class, () -> tree.query(FloatMatrix.wrap(bad, 2, 4), 2, 1, Progress.NONE));
        assertThrows(DescryException.class, () -> KdTree.build(FloatMatrix.wrap(bad, 2, 4), 8));
    }
}
