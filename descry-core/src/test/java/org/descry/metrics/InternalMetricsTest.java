package org.descry.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InternalMetricsTest {

    /** Four points on a line: clusters {0, 1} and {10, 12}. */
    private static final FloatMatrix LINE = FloatMatrix.fromRows(new float[][] {{0}, {1}, {10}, {12}});
    private static final int[] LINE_LABELS = {5, 5, 9, 9};

    @Test
    void smallCaseByHand() {
        // means 0.5 and 11, overall 5.75; within: 0.25 * 2 + 1 * 2 = 2.5; between: 2 * 5.25^2 * 2 = 110.25
        assertEquals(110.25 * 2 / (2.5 * 1), CalinskiHarabasz.score(LINE, LINE_LABELS), 1e-12);
        // scatter 0.5 and 1, centroid distance 10.5
        assertEquals(1.5 / 10.5, DaviesBouldin.score(LINE, LINE_LABELS), 1e-12);
        assertEquals(2.5, Inertia.of(LINE, LINE_LABELS), 1e-12);
        double[] s = Silhouette.samples(LINE, LINE_LABELS);
        double a0 = 1;
        double b0 = (10 + 12) / 2.0;
        assertEquals((b0 - a0) / b0, s[0], 1e-6);
        double a2 = 2;
        double b2 = (10 + 9) / 2.0;
        assertEquals((b2 - a2) / b2, s[2], 1e-6);
        assertEquals((s[0] + s[1] + s[2] + s[3]) / 4, Silhouette.score(LINE, LINE_LABELS), 1e-12);
        FloatMatrix centres = FloatMatrix.fromRows(new float[][] {{0}, {11}});
        assertEquals(0 + 1 + 1 + 1, Inertia.of(LINE, new int[] {0, 0, 1, 1}, centres), 1e-12);
    }

    @Test
    void oneClusterIsRejectedAsScikitLearnDoes() {
        int[] one = {3, 3, 3, 3};
        for (Runnable r : new Runnable[] {() -> CalinskiHarabasz.score(LINE, one),
                () -> DaviesBouldin.score(LINE, one), () -> Silhouette.score(LINE, one)}) {
            DescryException e = assertThrows(DescryException.class, r::run);
            assertEquals("labels: number of labels is 1. Valid values are 2 to n_samples - 1 (inclusive),"
                    + " n_samples = 4", e.getMessage());
        }
        DescryException all = assertThrows(DescryException.class,
                () -> CalinskiHarabasz.score(LINE, new int[] {0, 1, 2, 3}));
        assertTrue(all.getMessage().contains("number of labels is 4"), all.getMessage());
    }

    @Test
    void noiseIsLeftOutUnlessAskedOtherwise() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0}, {1}, {10}, {12}, {100}});
        int[] labels = {5, 5, 9, 9, Noise.LABEL};
        assertEquals(CalinskiHarabasz.score(LINE, LINE_LABELS), CalinskiHarabasz.score(x, labels), 1e-12);
        assertEquals(Silhouette.score(LINE, LINE_LABELS), Silhouette.score(x, labels), 1e-12);
        assertTrue(Double.isNaN(Silhouette.samples(x, labels)[4]));
        assertTrue(Math.abs(CalinskiHarabasz.score(x, labels, Noise.CLUSTER) - CalinskiHarabasz.score(x, labels))
                > 1);
        int[] onlyNoise = {-1, -1, -1, -1};
        assertThrows(DescryException.class, () -> DaviesBouldin.score(LINE, onlyNoise));
    }

    @Test
    void zeroSpreadAndCoincidentCentroids() {
        FloatMatrix twoPoints = FloatMatrix.fromRows(new float[][] {{1, 1}, {1, 1}, {3, 3}, {3, 3}});
        int[] labels = {0, 0, 1, 1};
        assertEquals(1.0, CalinskiHarabasz.score(twoPoints, labels), 0, "intra 0 gives 1.0 as scikit-learn");
        assertEquals(0.0, DaviesBouldin.score(twoPoints, labels), 0, "all scatter 0 gives 0.0");
        // clusters 0 and 1 share a centroid (distance 0 counts as infinite), cluster 2 is apart
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{-1}, {1}, {-2}, {2}, {10}, {11}});
        double db = DaviesBouldin.score(x, new int[] {0, 0, 1, 1, 2, 2});
        double s0 = 1;
        double s1 = 2;
        double s2 = 0.5;
        double expected = ((s0 + s2) / 10.5 + (s1 + s2) / 10.5 + Math.max(s0 + s2, s1 + s2) / 10.5) / 3;
        assertEquals(expected, db, 1e-12);
    }

    @Test
    void nonFiniteDataIsNamed() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0}, {Float.NaN}, {10}, {12}});
        DescryException e = assertThrows(DescryException.class, () -> CalinskiHarabasz.score(x, LINE_LABELS));
        assertTrue(e.getMessage().startsWith("x: row 1 column 0 is NaN"), e.getMessage());
        assertThrows(DescryException.class, () -> Silhouette.score(x, LINE_LABELS));
        assertThrows(DescryException.class, () -> Inertia.of(x, new int[] {0, 0, 0, 0},
                FloatMatrix.fromRows(new float[][] {{1}})));
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(DescryException.class, () -> CalinskiHarabasz.score(LINE, new int[] {0, 1, 1}));
        assertThrows(DescryException.class, () -> Silhouette.sampledScore(LINE, LINE_LABELS, 0, 1));
        assertThrows(DescryException.class, () -> Silhouette.sampledScore(LINE, LINE_LABELS, 3, -1));
        assertThrows(DescryException.class, () -> Inertia.of(LINE, new int[] {0, 0, 2, 1},
                FloatMatrix.fromRows(new float[][] {{0}, {1}})));
        assertThrows(DescryException.class, () -> Inertia.of(LINE, LINE_LABELS,
                FloatMatrix.fromRows(new float[][] {{0, 1}})));
    }

    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(1L, 40, 3, 2), Arguments.of(2L, 700, 7, 5), Arguments.of(3L, 1100, 17, 30),
                Arguments.of(4L, 530, 2, 2), Arguments.of(5L, 1030, 33, 200));
    }

    /** Silhouette against a plain double O(n^2) evaluation of Rousseeuw's definition. */
    @ParameterizedTest
    @MethodSource("shapes")
    void silhouetteMatchesTheDefinition(long seed, int n, int d, int k) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] data = new float[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(k) * 3 - 8;
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (float) (rnd.nextGaussian() + 0.3 * labels[i] + 50);
            }
        }
        FloatMatrix x = FloatMatrix.wrap(data, n, d);
        double[] s = Silhouette.samples(x, labels);
        double[] ref = naiveSilhouette(data, n, d, labels);
        double mean = 0;
        // Per row, the float32 dot products leave about u (||x||^2 + ||y||^2) / d^2 relative error in distances
        // just above the direct-recompute threshold; with 200 small clusters 90 sd apart that reaches 1e-5 in the
        // worst coefficient near 0. The mean is far tighter.
        for (int i = 0; i < n; i++) {
            assertEquals(ref[i], s[i], 1e-5, "row " + i);
            mean += ref[i];
        }
        assertEquals(mean / n, Silhouette.score(x, labels), 1e-6 * Math.abs(mean / n));
        // renaming clusters changes nothing
        int[] renamed = new int[n];
        for (int i = 0; i < n; i++) {
            renamed[i] = 1000 - 5 * labels[i];
        }
        assertEquals(Silhouette.score(x, labels), Silhouette.score(x, renamed), 1e-9);
        assertEquals(CalinskiHarabasz.score(x, labels), CalinskiHarabasz.score(x, renamed),
                1e-12 * CalinskiHarabasz.score(x, labels));
        assertEquals(DaviesBouldin.score(x, labels), DaviesBouldin.score(x, renamed), 1e-12);
        // a sample as large as the data is the whole data
        assertEquals(Silhouette.score(x, labels), Silhouette.sampledScore(x, labels, n + 5, seed), 1e-8);
    }

    private static double[] naiveSilhouette(float[] x, int n, int d, int[] labels) {
        double[] out = new double[n];
        java.util.Map<Integer, double[]> sums = new java.util.HashMap<>();
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int l : labels) {
            counts.merge(l, 1, Integer::sum);
        }
        for (int i = 0; i < n; i++) {
            sums.clear();
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    double t = (double) x[i * d + c] - x[j * d + c];
                    s += t * t;
                }
                sums.computeIfAbsent(labels[j], key -> new double[1])[0] += Math.sqrt(s);
            }
            int own = labels[i];
            if (counts.get(own) == 1) {
                continue;
            }
            double a = sums.get(own)[0] / (counts.get(own) - 1);
            double b = Double.POSITIVE_INFINITY;
            for (var e : sums.entrySet()) {
                if (e.getKey() != own) {
                    b = Math.min(b, e.getValue()[0] / counts.get(e.getKey()));
                }
            }
            out[i] = (b - a) / Math.max(a, b);
        }
        return out;
    }

    @Test
    void progressReachesTheEnd() {
        SplittableRandom rnd = new SplittableRandom(9);
        int n = 2 * Silhouette.TILE + 100;
        float[] data = new float[n * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        long[] last = new long[2];
        Silhouette.samples(FloatMatrix.wrap(data, n, 4), labels, Noise.EXCLUDE, (done, total) -> {
            synchronized (last) {
                last[0] = Math.max(last[0], done);
                last[1] = total;
            }
        });
        assertEquals(6, last[1], "3 row blocks: 6 tiles on or above the diagonal");
        assertEquals(last[1], last[0]);
    }
}
