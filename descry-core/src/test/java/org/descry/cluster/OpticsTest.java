package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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

class OpticsTest {

    static LongStream seeds() {
        return LongStream.range(1, 9);
    }

    static FloatMatrix randomData(SplittableRandom rng, int n, int d, boolean grid) {
        float[] v = new float[n * d];
        int centres = 1 + rng.nextInt(4);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(centres + 1);
            for (int j = 0; j < d; j++) {
                double value = c == centres ? rng.nextDouble(-8, 8) : c * 4 + rng.nextGaussian() * (1 + c);
                v[i * d + j] = grid ? (float) Math.rint(value) : (float) value;
            }
        }
        return FloatMatrix.wrap(v, n, d);
    }

    /**
     * scikit-learn's compute_optics_graph literally: argmin over the unprocessed rows at every step, core distances
     * exact (its tree query), reachability from the float64 expansion (its pairwise_distances).
     */
    static Object[] naive(FloatMatrix x, int minSamples, double maxEps, Metric metric) {
        int n = x.rows();
        int d = x.cols();
        float[] v = x.toArray();
        double[] core = new double[n];
        double[] sq = OpticsOrdering.squaredNorms(v, n, d);
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = metric == Metric.COSINE ? OpticsOrdering.expanded(v, d, metric, sq, i, j)
                        : metric.exact(v, i * d, v, j * d, d);
            }
            row[i] = 0;
            double[] sorted = row.clone();
            Arrays.sort(sorted);
            double c = sorted[minSamples - 1];
            core[i] = OpticsOrdering.around15(c > maxEps ? Double.POSITIVE_INFINITY : c);
        }
        double[] reach = new double[n];
        Arrays.fill(reach, Double.POSITIVE_INFINITY);
        int[] pred = new int[n];
        Arrays.fill(pred, -1);
        boolean[] done = new boolean[n];
        int[] ordering = new int[n];
        for (int k = 0; k < n; k++) {
            int p = -1;
            for (int j = 0; j < n; j++) {
                if (!done[j] && (p < 0 || reach[j] < reach[p])) {
                    p = j;
                }
            }
            done[p] = true;
            ordering[k] = p;
            if (core[p] == Double.POSITIVE_INFINITY) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (done[j]) {
                    continue;
                }
                if (metric.exact(v, p * d, v, j * d, d) > maxEps) {
                    continue;
                }
                double r = OpticsOrdering.around15(Math.max(OpticsOrdering.expanded(v, d, metric, sq, p, j), core[p]));
                if (r < reach[j]) {
                    reach[j] = r;
                    pred[j] = p;
                }
            }
        }
        return new Object[] {ordering, reach, core, pred};
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void orderingEqualsTheScikitLearnLoop(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        boolean grid = seed % 2 == 0;
        FloatMatrix x = randomData(rng, 150 + rng.nextInt(250), 1 + rng.nextInt(6), grid);
        Metric metric = seed % 3 == 0 && !grid ? Metric.COSINE : Metric.EUCLIDEAN;
        int minSamples = 2 + rng.nextInt(8);
        double maxEps = rng.nextBoolean() ? Double.POSITIVE_INFINITY
                : (metric == Metric.COSINE ? 0.3 : 1 + 3 * rng.nextDouble());
        Object[] ref = naive(x, minSamples, maxEps, metric);
        OpticsModel m = Optics.of(minSamples).withMaxEps(maxEps).withMetric(metric).withThreads(1 + rng.nextInt(3))
                .fit(x, Progress.NONE);
        assertArrayEquals((int[]) ref[0], m.ordering(), "ordering");
        assertArrayEquals((double[]) ref[1], m.reachability(), "reachability");
        assertArrayEquals((double[]) ref[2], m.coreDistances(), "core distances");
        assertArrayEquals((int[]) ref[3], m.predecessor(), "predecessor");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aCompleteGraphGivesExactOptics(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FloatMatrix x = randomData(rng, 120 + rng.nextInt(100), 2 + rng.nextInt(4), false);
        Optics exact = Optics.of(3 + rng.nextInt(5));
        OpticsModel a = exact.fit(x, Progress.NONE);
        OpticsModel b = exact.withGraph(Optics.Neighbourhood.KNN_EXACT, x.rows() - 1).fit(x, Progress.NONE);
        assertArrayEquals(a.ordering(), b.ordering());
        assertArrayEquals(a.reachability(), b.reachability());
        assertArrayEquals(a.labels(), b.labels());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSparseGraphOnlyRaisesReachability(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FloatMatrix x = randomData(rng, 300, 3, false);
        Optics exact = Optics.of(5);
        double[] core = exact.fit(x, Progress.NONE).coreDistances();
        OpticsModel approx = exact.withGraph(Optics.Neighbourhood.KNN_EXACT, 10).fit(x, Progress.NONE);
        assertArrayEquals(core, approx.coreDistances(), "core distances stay exact");
        double[] reach = approx.reachability();
        int[] pred = approx.predecessor();
        float[] v = x.toArray();
        double[] sq = OpticsOrdering.squaredNorms(v, x.rows(), 3);
        for (int i = 0; i < x.rows(); i++) {
            if (pred[i] >= 0) {
                double dist = OpticsOrdering.expanded(v, 3, Metric.EUCLIDEAN, sq, pred[i], i);
                assertEquals(OpticsOrdering.around15(Math.max(dist, core[pred[i]])), reach[i]);
            }
        }
        OpticsModel descent = exact.withGraph(Optics.Neighbourhood.KNN_DESCENT, 10).withSeed(seed)
                .fit(x, Progress.NONE);
        int[] sorted = descent.ordering();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void xiExtractionByHand() {
        // Two tight groups far apart and an outlier.
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0}, {0.1f}, {0.2f}, {0.3f}, {10}, {10.1f}, {10.2f},
            {10.3f}, {50}});
        OpticsModel m = Optics.of(2).withMinClusterSize(3).fit(x, Progress.NONE);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, m.ordering());
        // As scikit-learn 1.2.1 (checked by hand there): the xi cluster of the second group ends with the point of
        // the steep rise after it, so the outlier at 50 joins it.
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 1}, m.labels());
        OpticsModel db = Optics.of(2).withDbscanEps(1.0).fit(x, Progress.NONE);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, -1}, db.labels());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, -1}, db.predict(x));
    }

    @Test
    void validation() {
        assertEquals("minSamples must be >= 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> Optics.of(1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optics.of().withMaxEps(0));
        assertThrows(IllegalArgumentException.class, () -> Optics.of().withXi(1.5));
        assertThrows(IllegalArgumentException.class, () -> Optics.of().withMinClusterSize(1));
        assertThrows(IllegalArgumentException.class, () -> Optics.of().withMaxEps(1).withDbscanEps(2));
        assertThrows(IllegalArgumentException.class, () -> Optics.of(10).withGraph(Optics.Neighbourhood.KNN_EXACT, 5));
        FloatMatrix small = FloatMatrix.fromRows(new float[][] {{0}, {1}, {2}});
        assertThrows(DescryException.class, () -> Optics.of(5).fit(small, Progress.NONE));
        FloatMatrix bad = FloatMatrix.fromRows(new float[][] {{0}, {Float.POSITIVE_INFINITY}, {2}});
        assertThrows(DescryException.class, () -> Optics.of(2).fit(bad, Progress.NONE));
    }

    @Test
    void saveAndLoad(@TempDir Path dir) throws Exception {
        FloatMatrix x = DensityFixtures.input("blobs");
        OpticsModel m = Optics.of(5).fit(x, Progress.NONE);
        m.save(dir);
        assertEquals("optics", ModelStore.kind(dir));
        OpticsModel back = OpticsModel.load(dir);
        assertArrayEquals(m.ordering(), back.ordering());
        assertArrayEquals(m.labels(), back.labels());
        assertArrayEquals(m.predecessor(), back.predecessor());
        assertArrayEquals(m.clusterHierarchy(), back.clusterHierarchy());
        double[] r = m.reachability();
        double[] rb = back.reachability();
        for (int i = 0; i < r.length; i++) {
            assertEquals(r[i], rb[i], Double.isInfinite(r[i]) ? 0 : 1e-6 * r[i]);
        }
        assertEquals(m.provenance(), back.provenance());
        assertArrayEquals(m.predict(x), back.predict(x));
    }
}
