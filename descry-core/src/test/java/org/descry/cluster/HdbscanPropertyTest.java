package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.Metric;
import org.descry.metrics.AdjustedRandIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded properties of HDBSCAN on Gaussian blobs. */
class HdbscanPropertyTest {

    /** {@code k} Gaussian blobs of {@code per} rows in {@code d} dimensions, centres {@code spacing} apart per axis. */
    static FloatMatrix blobs(long seed, int k, int per, int d, double std, double spacing) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] centres = new double[k * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = spacing * r.nextInt(-4, 5) + 0.1 * r.nextDouble();
        }
        for (int c = 1; c < k; c++) {
            centres[c * d] = spacing * 2 * c;
        }
        FloatMatrix x = FloatMatrix.zeros(k * per, d);
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < per; i++) {
                for (int j = 0; j < d; j++) {
                    x.set(c * per + i, j, (float) (centres[c * d + j] + std * gaussian(r)));
                }
            }
        }
        return x;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static int[] truth(int k, int per) {
        int[] t = new int[k * per];
        for (int i = 0; i < t.length; i++) {
            t[i] = i / per;
        }
        return t;
    }

    static Stream<Arguments> seeds() {
        return Stream.of(Arguments.of(1, 3, 2), Arguments.of(2, 4, 5), Arguments.of(3, 5, 10),
                Arguments.of(4, 2, 3), Arguments.of(5, 6, 8));
    }

    @ParameterizedTest(name = "seed {0}, {1} blobs, {2} dims")
    @MethodSource("seeds")
    void wellSeparatedBlobsAreRecovered(int seed, int k, int d) {
        int per = 80;
        FloatMatrix x = blobs(seed, k, per, d, 0.5, 10);
        HdbscanModel m = Hdbscan.of(10).withThreads(2).fit(x, Progress.NONE);
        assertEquals(k, m.k());
        int[] labels = m.labels();
        int[] t = truth(k, per);
        int noise = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                noise++;
                continue;
            }
            for (int j = 0; j < i; j++) {
                if (labels[j] >= 0) {
                    assertEquals(t[i] == t[j], labels[i] == labels[j], "rows " + j + ", " + i);
                }
            }
        }
        assertTrue(noise <= labels.length / 10, "noise " + noise);
        float[] p = m.probabilities();
        float[] s = m.outlierScores();
        for (int i = 0; i < labels.length; i++) {
            assertTrue(p[i] >= 0 && p[i] <= 1, "probability " + p[i]);
            assertTrue(s[i] >= 0 && s[i] <= 1, "GLOSH " + s[i]);
            assertEquals(labels[i] < 0, p[i] == 0f, "noise exactly when probability 0, row " + i);
        }
        for (int c = 0; c < m.k(); c++) {
            assertTrue(m.exemplars(c).length > 0);
            for (int e : m.exemplars(c)) {
                assertEquals(c, labels[e]);
                assertEquals(1f, p[e]);
            }
        }
        HdbscanPrediction self = m.approximatePredict(x);
        int agree = 0;
        for (int i = 0; i < labels.length; i++) {
            agree += self.labels()[i] == labels[i] ? 1 : 0;
        }
        assertTrue(agree >= 0.95 * labels.length, "predict on the fit rows agrees on " + agree);
    }

    @ParameterizedTest(name = "seed {0}, {1} blobs, {2} dims")
    @MethodSource("seeds")
    void labelsDoNotDependOnRowOrderOrThreads(int seed, int k, int d) {
        FloatMatrix x = blobs(seed, k, 60, d, 1.0, 6);
        int n = x.rows();
        int[] perm = IntStream.range(0, n).toArray();
        SplittableRandom r = new SplittableRandom(seed + 100);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        FloatMatrix y = FloatMatrix.zeros(n, d);
        for (int i = 0; i < n; i++) {
            y.setRow(i, x.rowArray(perm[i]), 0);
        }
        Hdbscan h = Hdbscan.of(8).withMinSamples(1).withThreads(2);
        HdbscanModel a = h.fit(x, Progress.NONE);
        HdbscanModel b = h.withThreads(1).fit(y, Progress.NONE);
        int[] back = new int[n];
        float[] scores = new float[n];
        float[] probs = new float[n];
        for (int i = 0; i < n; i++) {
            back[perm[i]] = b.labels()[i];
            scores[perm[i]] = b.outlierScores()[i];
            probs[perm[i]] = b.probabilities()[i];
        }
        HdbscanTest.assertPartition(a.labels(), back);
        assertArrayEquals(a.outlierScores(), scores, 1e-6f);
        assertArrayEquals(a.probabilities(), probs, 1e-6f);
        HdbscanModel c = h.withMinSamples(5).fit(x, Progress.NONE);
        HdbscanModel e = h.withMinSamples(5).withThreads(1).fit(y, Progress.NONE);
        int[] back5 = new int[n];
        for (int i = 0; i < n; i++) {
            back5[perm[i]] = e.labels()[i];
        }
        assertTrue(AdjustedRandIndex.score(c.labels(), back5) > 0.98, "ARI under permutation with min_samples 5");
        assertArrayEquals(c.labels(), h.withMinSamples(5).withThreads(1).fit(x, Progress.NONE).labels(),
                "threads");
    }

    @ParameterizedTest(name = "seed {0}, {1} blobs, {2} dims")
    @MethodSource("seeds")
    void plantedFarOutliersScoreHighest(int seed, int k, int d) {
        int per = 70;
        FloatMatrix base = blobs(seed, k, per, d, 0.7, 8);
        int planted = 4;
        FloatMatrix x = FloatMatrix.zeros(base.rows() + planted, d);
        for (int i = 0; i < base.rows(); i++) {
            x.setRow(i, base.rowArray(i), 0);
        }
        SplittableRandom r = new SplittableRandom(seed * 31L);
        for (int o = 0; o < planted; o++) {
            float[] row = base.rowArray(r.nextInt(base.rows()));
            for (int j = 0; j < d; j++) {
                row[j] += (float) (25 + 10 * o) * (j == o % d ? 1 : 0) + 0.3f * (float) gaussian(r);
            }
            x.setRow(base.rows() + o, row, 0);
        }
        HdbscanModel m = Hdbscan.of(10).withThreads(2).fit(x, Progress.NONE);
        float[] s = m.outlierScores();
        Integer[] order = IntStream.range(0, s.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (p, q) -> Float.compare(s[q], s[p]));
        // a far row may still carry the label of the cluster it fell out of (as in the library), but weakly
        for (int o = 0; o < planted; o++) {
            assertTrue(order[o] >= base.rows(), "top scores " + Arrays.toString(Arrays.copyOf(order, 8)));
            assertTrue(m.probabilities()[order[o]] < 0.5f, "probability " + m.probabilities()[order[o]]);
        }
        FloatMatrix fresh = FloatMatrix.zeros(planted, d);
        for (int o = 0; o < planted; o++) {
            float[] row = x.rowArray(base.rows() + o);
            row[(o + 1) % d] += 30f;
            fresh.setRow(o, row, 0);
        }
        HdbscanPrediction far = m.approximatePredict(fresh);
        HdbscanPrediction inside = m.approximatePredict(base.rowRange(0, 50));
        float maxInside = 0;
        for (float v : inside.outlierScores()) {
            maxInside = Math.max(maxInside, v);
        }
        for (int o = 0; o < planted; o++) {
            assertTrue(far.outlierScores()[o] > 0.5f && far.outlierScores()[o] > maxInside,
                    "new far row score " + far.outlierScores()[o] + ", rows inside up to " + maxInside);
            assertTrue(far.probabilities()[o] < 0.5f);
        }
    }

    static Stream<Arguments> approximate() {
        return Stream.of(Arguments.of(11, 4, 5), Arguments.of(12, 6, 10), Arguments.of(13, 3, 20));
    }

    @ParameterizedTest(name = "seed {0}, {1} blobs, {2} dims")
    @MethodSource("approximate")
    void approximateGraphAgreesWithExact(int seed, int k, int d) {
        FloatMatrix x = blobs(seed, k, 400, d, 1.0, 8);
        Hdbscan h = Hdbscan.of(15).withMinSamples(5).withThreads(2).withSeed(seed);
        HdbscanModel exact = h.withGraph(Hdbscan.Graph.EXACT).fit(x, Progress.NONE);
        HdbscanModel approx = h.withGraph(Hdbscan.Graph.APPROXIMATE).withNeighbors(10).fit(x, Progress.NONE);
        assertEquals(Hdbscan.Graph.APPROXIMATE, approx.graphUsed());
        assertTrue(AdjustedRandIndex.score(exact.labels(), approx.labels()) > 0.95);
        assertTrue(approx.spanningTreeWeight() >= exact.spanningTreeWeight() * (1 - 1e-5),
                "a spanning tree weighs at least the minimum one");
        assertTrue(approx.spanningTreeWeight() <= exact.spanningTreeWeight() * 1.05);
        assertArrayEquals(approx.labels(), h.withGraph(Hdbscan.Graph.APPROXIMATE).withNeighbors(10).withThreads(1)
                .fit(x, Progress.NONE).labels(), "same seed, any thread count");
    }

    @ParameterizedTest(name = "seed {0}, {1} blobs, {2} dims")
    @MethodSource("approximate")
    void componentJoinFromFewRepresentativesFindsCloseLinks(int seed, int k, int d) {
        FloatMatrix x = blobs(seed, k, 300, d, 1.0, 8);
        float[] core = new float[x.rows()];
        MutualReachabilityMst.Points p = MutualReachabilityMst.Points.of(x, Metric.EUCLIDEAN);
        org.descry.linalg.Kernels kernels = org.descry.linalg.Kernels.best();
        MutualReachabilityMst exact = MutualReachabilityMst.exact(p, core, null, 2, kernels);
        org.descry.knn.KnnGraph g = org.descry.knn.ExactKnn.of(5).fit(x, Progress.NONE);
        // one representative per component: the links start from arbitrary rows and must be refined
        MutualReachabilityMst joined = MutualReachabilityMst.fromKnn(p, g, core, 1, seed, 2, kernels);
        assertEquals(x.rows() - 1, joined.a().length);
        UnionFind uf = new UnionFind(x.rows());
        for (int e = 0; e < joined.a().length; e++) {
            assertTrue(uf.union(joined.a()[e], joined.b()[e]), "a tree has no cycle");
        }
        float[] we = exact.weight().clone();
        float[] wj = joined.weight().clone();
        Arrays.sort(we);
        Arrays.sort(wj);
        // the k - 1 longest edges link the blobs; each refined link is within 10% of the exact one
        for (int q = 1; q < k; q++) {
            float a = we[we.length - q];
            float b = wj[wj.length - q];
            assertTrue(b >= a * (1 - 1e-5) && b <= a * 1.1, "link " + q + ": " + b + " vs exact " + a);
        }
    }

    @ParameterizedTest(name = "seed {0}, {1} blobs, {2} dims")
    @MethodSource("approximate")
    void cosineClustersDirections(int seed, int k, int d) {
        FloatMatrix dirs = blobs(seed, k, 100, d, 0.3, 8);
        SplittableRandom r = new SplittableRandom(seed);
        FloatMatrix x = FloatMatrix.zeros(dirs.rows(), d);
        for (int i = 0; i < x.rows(); i++) {
            float[] row = dirs.rowArray(i);
            float scale = (float) (0.5 + 10 * r.nextDouble());
            for (int j = 0; j < d; j++) {
                row[j] *= scale;
            }
            x.setRow(i, row, 0);
        }
        HdbscanModel m = Hdbscan.of(10).withMetric(Metric.COSINE).withThreads(2).fit(x, Progress.NONE);
        HdbscanModel u = Hdbscan.of(10).withMetric(Metric.COSINE).withThreads(2).fit(dirs, Progress.NONE);
        assertTrue(AdjustedRandIndex.score(u.labels(), m.labels()) > 0.99, "scale does not matter for cosine");
        assertTrue(AdjustedRandIndex.score(truth(k, 100), m.labels()) > 0.8);
    }
}
