package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.Metric;
import org.descry.model.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DbscanTest {

    @Test
    void smallLineByHand() {
        // 0 1 2 form a chain (each within 1.0 of the next), 3 is 1.0 from 2 (border), 10 is alone.
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0}, {1}, {2}, {3}, {10}, {9.5f}});
        DbscanModel m = Dbscan.of(1.0).withMinSamples(3).fit(x, Progress.NONE);
        assertArrayEquals(new int[] {0, 0, 0, 0, -1, -1}, m.labels());
        assertArrayEquals(new int[] {1, 2}, m.coreSampleIndices());
        assertEquals(1, m.k());
        assertArrayEquals(new int[] {0, -1, 0, -1}, m.predict(FloatMatrix.fromRows(
                new float[][] {{1.5f}, {4.5f}, {2.9f}, {-1.5f}})));
    }

    @Test
    void borderPointJoinsTheLowerNumberedClusterNotTheNearest() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {
            {-1, 0}, {-1, 0.5f}, {-1, -0.5f}, {-1.5f, 0},
            {0.95f, 0}, {0.95f, 0.5f}, {0.95f, -0.5f}, {1.45f, 0},
            {0, 0}});
        DbscanModel m = Dbscan.of(1.05).withMinSamples(4).fit(x, Progress.NONE);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 0}, m.labels());
        assertArrayEquals(naive(x, 1.05, 4, Metric.EUCLIDEAN), m.labels());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, m.coreSampleIndices());
        // predict takes the nearest core sample: (0.95, 0) of cluster 1.
        assertArrayEquals(new int[] {1}, m.predict(FloatMatrix.fromRows(new float[][] {{0, 0}})));
    }

    static LongStream seeds() {
        return LongStream.range(1, 9);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void equalsTheScikitLearnAlgorithmOnRandomData(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 200 + rng.nextInt(400);
        int d = 1 + rng.nextInt(12);
        float[] v = new float[n * d];
        int centres = 1 + rng.nextInt(5);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(centres + 1);
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) (c == centres ? rng.nextDouble(-10, 10) : c * 3 + rng.nextGaussian());
            }
        }
        if (rng.nextBoolean()) {
            System.arraycopy(v, 0, v, d, d);
        }
        FloatMatrix x = FloatMatrix.wrap(v, n, d);
        Metric metric = seed % 3 == 0 ? Metric.COSINE : Metric.EUCLIDEAN;
        double eps = metric == Metric.COSINE ? 0.02 + 0.1 * rng.nextDouble() : 0.4 + 2 * rng.nextDouble();
        int minSamples = 1 + rng.nextInt(10);
        DbscanModel m = new Dbscan(eps, minSamples, metric, 1 + rng.nextInt(3)).fit(x, Progress.NONE);
        assertArrayEquals(naive(x, eps, minSamples, metric), m.labels(), "labels");
    }

    /** scikit-learn's algorithm: all neighbourhoods, then the depth-first expansion of _dbscan_inner.pyx. */
    static int[] naive(FloatMatrix x, double eps, int minSamples, Metric metric) {
        int n = x.rows();
        int d = x.cols();
        float[] v = x.toArray();
        int[][] nb = new int[n][];
        for (int i = 0; i < n; i++) {
            int[] tmp = new int[n];
            int c = 0;
            for (int j = 0; j < n; j++) {
                if (metric.exact(v, i * d, v, j * d, d) <= eps) {
                    tmp[c++] = j;
                }
            }
            nb[i] = Arrays.copyOf(tmp, c);
        }
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        int label = 0;
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (labels[i] != -1 || nb[i].length < minSamples) {
                continue;
            }
            int p = i;
            while (true) {
                if (labels[p] == -1) {
                    labels[p] = label;
                    if (nb[p].length >= minSamples) {
                        for (int q : nb[p]) {
                            if (labels[q] == -1) {
                                stack.push(q);
                            }
                        }
                    }
                }
                if (stack.isEmpty()) {
                    break;
                }
                p = stack.pop();
            }
            label++;
        }
        return labels;
    }

    @Test
    void validation() {
        assertEquals("eps must be a finite number > 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> Dbscan.of(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dbscan.of().withMinSamples(0));
        assertThrows(IllegalArgumentException.class, () -> Dbscan.of().withThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Dbscan.of(Double.NaN));
        FloatMatrix bad = FloatMatrix.fromRows(new float[][] {{0, 1}, {Float.NaN, 2}});
        DescryException e = assertThrows(DescryException.class, () -> Dbscan.of().fit(bad, Progress.NONE));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        DbscanModel m = Dbscan.of().fit(FloatMatrix.fromRows(new float[][] {{0, 1}, {1, 2}}), Progress.NONE);
        assertThrows(DescryException.class, () -> m.predict(FloatMatrix.fromRows(new float[][] {{0}})));
    }

    @Test
    void saveAndLoad(@TempDir Path dir) throws Exception {
        FloatMatrix x = DensityFixtures.input("blobs");
        DbscanModel m = Dbscan.of(0.5013).fit(x, Progress.NONE);
        m.save(dir);
        assertEquals("dbscan", ModelStore.kind(dir));
        DbscanModel back = DbscanModel.load(dir);
        assertArrayEquals(m.labels(), back.labels());
        assertArrayEquals(m.coreSampleIndices(), back.coreSampleIndices());
        assertEquals(m.k(), back.k());
        assertEquals(m.provenance(), back.provenance());
        assertArrayEquals(m.predict(x), back.predict(x));
        // A fit row that is core predicts its own cluster.
        int[] predicted = m.predict(x);
        for (int c : m.coreSampleIndices()) {
            assertEquals(m.labels()[c], predicted[c]);
        }
    }
}
