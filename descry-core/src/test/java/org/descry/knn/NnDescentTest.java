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

class NnDescentTest {

    @Test
    void recallOnClusteredDataAtTwentyThousandRows() {
        FloatMatrix x = KnnData.clustered(20_000, 24, 40, 1);
        KnnGraph g = NnDescent.of(15).fit(x, Progress.NONE);
        double recall = Recall.sampled(g, x, 1000, 7);
        assertTrue(recall >= 0.95, "recall@15 " + recall);
        assertTrue(!g.exact() && g.selfExcluded() && g.k() == 15);
        checkRowsSorted(g, x);
    }

    static Stream<Arguments> seeds() {
        return Stream.of(Arguments.of(1L, Metric.EUCLIDEAN, 8), Arguments.of(2L, Metric.COSINE, 10),
                Arguments.of(3L, Metric.EUCLIDEAN, 15));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameGraphOnAnyThreadCountAndHighRecall(long seed, Metric metric, int k) {
        FloatMatrix x = KnnData.clustered(3000, 12, 12, seed);
        NnDescent c = NnDescent.of(k).withMetric(metric).withSeed(seed);
        KnnGraph one = c.withThreads(1).fit(x, Progress.NONE);
        KnnGraph three = c.withThreads(3).fit(x, Progress.NONE);
        assertArrayEquals(one.indices(), three.indices());
        assertArrayEquals(one.distances(), three.distances());
        double recall = Recall.sampled(one, x, 3000, 0);
        assertTrue(recall >= 0.95, metric + " recall " + recall);
        checkRowsSorted(one, x);
    }

    @Test
    void seedsChangeTheSearchNotTheQuality() {
        FloatMatrix x = KnnData.gaussian(2000, 10, 5);
        KnnGraph a = NnDescent.of(10).withSeed(1).fit(x, Progress.NONE);
        KnnGraph b = NnDescent.of(10).withSeed(2).fit(x, Progress.NONE);
        assertTrue(Recall.sampled(a, x, 2000, 0) > 0.9);
        assertTrue(Recall.sampled(b, x, 2000, 0) > 0.9);
        assertTrue(!java.util.Arrays.equals(a.indices(), b.indices()) || Recall.sampled(a, x, 2000, 0) == 1.0);
    }

    @Test
    void recallOfTheExactGraphIsOneAndOfARandomGraphNearZero() {
        FloatMatrix x = KnnData.gaussian(800, 6, 2);
        KnnGraph exact = ExactKnn.of(5).fit(x, Progress.NONE);
        assertEquals(1.0, Recall.sampled(exact, x, 300, 3));
        int[] idx = new int[800 * 5];
        float[] dist = new float[800 * 5];
        for (int i = 0; i < 800; i++) {
            for (int c = 0; c < 5; c++) {
                idx[i * 5 + c] = (i + 100 + 37 * c) % 800;
            }
        }
        KnnGraph bad = new KnnGraph(800, 800, 5, idx, dist, Metric.EUCLIDEAN, false, true, exact.provenance());
        assertTrue(Recall.sampled(bad, x, 300, 3) < 0.05);
    }

    @Test
    void tinyInputsStillFillEveryRow() {
        FloatMatrix x = KnnData.gaussian(12, 3, 1);
        KnnGraph g = NnDescent.of(11).fit(x, Progress.NONE);
        KnnData.Naive ref = KnnData.naive(x, x, 11, Metric.EUCLIDEAN, true);
        assertArrayEquals(ref.indices(), g.indices());
        assertArrayEquals(ref.distances(), g.distances());
    }

    @Test
    void argumentsAreChecked() {
        DescryException e = assertThrows(DescryException.class,
                () -> NnDescent.of(12).fit(KnnData.gaussian(12, 3, 1), Progress.NONE));
        assertTrue(e.getMessage().contains("k=12") && e.getMessage().contains("n=12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NnDescent.of(5).withDelta(-0.1));
        assertThrows(IllegalArgumentException.class, () -> NnDescent.of(5).withRho(0));
        assertThrows(IllegalArgumentException.class, () -> NnDescent.of(5).withLeafSize(1));
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> NnDescent.of(5).withTrees(-1));
        assertTrue(t.getMessage().contains("nTrees") && t.getMessage().contains("-1"));
        assertEquals(Math.min(32, 5 + (int) Math.round(Math.pow(416_314, 0.25))), NnDescent.of(15).resolvedTrees(416_314));
        assertEquals(19, NnDescent.of(15).resolvedIters(416_314));
        assertEquals(60, NnDescent.of(15).resolvedMaxCandidates());
        assertEquals(15, NnDescent.of(15).withMaxCandidates(NnDescent.AUTO).resolvedMaxCandidates());
    }

    static void checkRowsSorted(KnnGraph g, FloatMatrix x) {
        float[] v = x.toArray();
        int d = x.cols();
        for (int i = 0; i < g.rows(); i += 97) {
            for (int c = 0; c < g.k(); c++) {
                int j = g.neighbour(i, c);
                assertTrue(j != i);
                assertEquals((float) g.metric().exact(v, i * d, v, j * d, d), g.distance(i, c));
                if (c > 0) {
                    assertTrue(g.distance(i, c - 1) < g.distance(i, c)
                            || (g.distance(i, c - 1) == g.distance(i, c) && g.neighbour(i, c - 1) < j));
                }
            }
        }
    }
}
