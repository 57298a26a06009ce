package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.linalg.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KMeansTest {

    @TempDir
    Path dir;

    private static final FloatMatrix TWO_GROUPS = FloatMatrix.fromRows(new float[][] {
            {0, 0}, {0, 1}, {1, 0}, {10, 10}, {10, 11}, {11, 10}});

    @Test
    void smallExactCase() {
        FloatMatrix init = FloatMatrix.fromRows(new float[][] {{0, 0}, {10, 10}});
        for (KMeans.Algorithm a : KMeans.Algorithm.values()) {
            KMeansModel m = KMeans.of(2).withInitialCentres(init).withAlgorithm(a).fit(TWO_GROUPS);
            assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, m.labels());
            float third = 1f / 3;
            assertArrayEquals(new float[] {third, third, 10 + third, 10 + third}, m.centres().toArray(), 1e-6f);
            // each group: two points at distance^2 1/9 + 4/9 and one at 2/9: total 4/3 per group
            assertEquals(8.0 / 3, m.inertia(), 1e-5);
            assertEquals(2, m.nIter());
            assertArrayEquals(new int[] {1, 0}, m.predict(FloatMatrix.fromRows(new float[][] {{9, 9}, {2, 2}})));
            FloatMatrix t = m.transform(FloatMatrix.fromRows(new float[][] {{third, third}}));
            assertEquals(0, t.get(0, 0), 1e-6);
            assertEquals(10 * Math.sqrt(2), t.get(0, 1), 1e-4);
        }
    }

    @Test
    void relocatesEmptyClusterToTheFarthestRow() {
        // the third centre is nearest to nothing: it takes the row farthest from its centre, (11, 10) or similar
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0, 0}, {0, 1}, {1, 0}, {10, 10}, {10, 11}, {14, 14}});
        FloatMatrix init = FloatMatrix.fromRows(new float[][] {{0, 0}, {10, 10}, {-100, -100}});
        KMeansModel m = KMeans.of(3).withInitialCentres(init).fit(x);
        assertEquals(3, IntStream.of(m.labels()).distinct().count(), "no empty cluster");
        assertEquals(2, m.labels()[5]);
        assertArrayEquals(new float[] {14, 14}, m.centres().rowArray(2), 1e-6f);
    }

    @Test
    void kMeansPlusPlusSamplesByDistanceSquared() {
        // rows at 0, 1 and 3 on a line; with one trial the second seed after row 0 is row 1 with p = 1/10
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0}, {1}, {3}});
        int runs = 6000;
        int[] first = new int[3];
        int afterZero = 0;
        int afterZeroPickedOne = 0;
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < runs; i++) {
            int[] idx = new int[2];
            KMeansPlusPlus.seed(x, 2, 1, random, Kernels.best(), 1, idx);
            first[idx[0]]++;
            if (idx[0] == 0) {
                afterZero++;
                afterZeroPickedOne += idx[1] == 1 ? 1 : 0;
                assertTrue(idx[1] != 0, "a seed never repeats a row at distance 0");
            }
        }
        for (int f : first) {
            assertEquals(1.0 / 3, (double) f / runs, 0.03, "first seed is uniform");
        }
        assertEquals(0.1, (double) afterZeroPickedOne / afterZero, 0.03);
        assertEquals(2 + (int) Math.log(10), 4, "scikit-learn's n_local_trials for k = 10");
    }

    @Test
    void kMeansPlusPlusQualityWithinScikitLearnRange() {
        JsonNode c = Fixtures.caseOf("blobs_50d");
        FloatMatrix x = Fixtures.matrix("blobs_50d_x");
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        double skMean = 0;
        for (JsonNode v : c.get("kmeanspp_inertia")) {
            lo = Math.min(lo, v.asDouble());
            hi = Math.max(hi, v.asDouble());
            skMean += v.asDouble() / c.get("kmeanspp_inertia").size();
        }
        double mean = 0;
        for (int seed = 0; seed < 10; seed++) {
            double inertia = KMeans.of(8).withNInit(1).withSeed(seed).fit(x).inertia();
            assertTrue(inertia >= lo * 0.999, "no better than scikit-learn's best: " + inertia + " < " + lo);
            mean += inertia / 10;
        }
        assertTrue(mean <= skMean * 1.05 + 1e-9 && mean <= hi, "mean inertia " + mean + " vs scikit-learn mean "
                + skMean + ", max " + hi);
    }

    static Stream<Arguments> seeds() {
        return IntStream.range(0, 4).mapToObj(s -> Arguments.of(s, 2 + s % 3, 3 + s));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void lloydAndElkanAgreeAndThreadsDoNotMatter(int seed, int d, int k) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3000;
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() + 5 * (i / d % k));
        }
        FloatMatrix x = FloatMatrix.wrap(v, n, d);
        KMeans base = KMeans.of(k).withNInit(2).withSeed(seed);
        KMeansModel lloyd1 = base.withThreads(1).fit(x);
        KMeansModel lloyd2 = base.withThreads(2).fit(x);
        KMeansModel elkan = base.withAlgorithm(KMeans.Algorithm.ELKAN).withThreads(2).fit(x);
        assertArrayEquals(lloyd1.centres().toArray(), lloyd2.centres().toArray(), 0f);
        assertArrayEquals(lloyd1.labels(), lloyd2.labels());
        assertEquals(lloyd1.inertia(), lloyd2.inertia());
        assertArrayEquals(lloyd1.labels(), elkan.labels());
        assertEquals(lloyd1.nIter(), elkan.nIter());
        assertEquals(lloyd1.inertia(), elkan.inertia(), 1e-5 * lloyd1.inertia());
        assertArrayEquals(lloyd1.labels(), lloyd1.predict(x), "labels match the final centres");
        assertEquals(lloyd1.inertia(), lloyd1.inertia(x), 1e-5 * lloyd1.inertia());
    }

    @Test
    void saveAndLoad() throws Exception {
        KMeansModel m = KMeans.of(2).withSeed(3).fit(TWO_GROUPS);
        m.save(dir.resolve("km"));
        KMeansModel back = KMeansModel.load(dir.resolve("km"));
        assertArrayEquals(m.centres().toArray(), back.centres().toArray(), 0f);
        assertArrayEquals(m.labels(), back.labels());
        assertEquals(m.inertia(), back.inertia());
        assertEquals(m.nIter(), back.nIter());
        assertEquals("kmeans", back.provenance().algorithm());
        assertEquals(3L, back.provenance().seed());
        assertArrayEquals(m.predict(TWO_GROUPS), back.predict(TWO_GROUPS));
    }

    @Test
    void validatesArguments() {
        assertEquals("k must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> KMeans.of(0))
                .getMessage());
        assertEquals("k must be in [1, n=6], got 7", assertThrows(DescryException.class,
                () -> KMeans.of(7).fit(TWO_GROUPS)).getMessage());
        assertEquals("maxIter must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> KMeans.of(2).withMaxIter(0)).getMessage());
        assertEquals("tol must be a finite number >= 0, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> KMeans.of(2).withTol(-1)).getMessage());
        assertEquals("tol must be a finite number >= 0, got NaN", assertThrows(IllegalArgumentException.class,
                () -> KMeans.of(2).withTol(Double.NaN)).getMessage());
        assertEquals("threads must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> KMeans.of(2).withThreads(0)).getMessage());
        assertEquals("nInit must be >= 1 or N_INIT_AUTO (0), got -2", assertThrows(IllegalArgumentException.class,
                () -> KMeans.of(2).withNInit(-2)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KMeans.of(3)
                .withInitialCentres(FloatMatrix.zeros(2, 2))).getMessage().startsWith("initialCentres must have k=3"));
        assertTrue(assertThrows(DescryException.class, () -> KMeans.of(2)
                .withInitialCentres(FloatMatrix.zeros(2, 3)).fit(TWO_GROUPS)).getMessage()
                .startsWith("initialCentres: width 3"));
        FloatMatrix bad = TWO_GROUPS.copy();
        bad.set(4, 1, Float.NaN);
        assertEquals("x: row 4 column 1 is NaN; drop or impute non-finite rows first",
                assertThrows(DescryException.class, () -> KMeans.of(2).fit(bad)).getMessage());
        assertEquals(1, KMeans.of(2).withNInit(KMeans.N_INIT_AUTO).effectiveNInit());
        assertEquals(10, KMeans.of(2).withInit(KMeans.Init.RANDOM).withNInit(KMeans.N_INIT_AUTO).effectiveNInit());
        assertEquals(10, KMeans.of(2).effectiveNInit());
    }

    @Test
    void toleranceIsScikitLearns() {
        DataStats s = DataStats.of(TWO_GROUPS, "x", 2);
        // both columns hold the values {0, 0, 1, 10, 10, 11}: the same population variance
        double mean = 32.0 / 6;
        double var = 0;
        for (float v : new float[] {0, 0, 1, 10, 10, 11}) {
            var += (v - mean) * (v - mean) / 6;
        }
        assertEquals(var * 1e-4, s.tolerance(1e-4), 1e-12);
        assertEquals(0, s.tolerance(0));
    }
}
