package org.descry.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded properties of the scalers and PCA on random shapes, argument checks and save/load round trips. */
class PreprocessPropertyTest {

    @TempDir
    Path dir;

    static Stream<Arguments> shapes() {
        return IntStream.range(0, 8).mapToObj(s -> {
            SplittableRandom r = new SplittableRandom(s);
            return Arguments.of(s, 2 + r.nextInt(900), 1 + r.nextInt(60));
        });
    }

    static FloatMatrix random(long seed, int n, int d) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n * d];
        double[] offset = new double[d];
        double[] spread = new double[d];
        for (int j = 0; j < d; j++) {
            offset[j] = r.nextDouble(-100, 100);
            spread[j] = Math.pow(10, r.nextDouble(-2, 2));
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (offset[i % d] + spread[i % d] * r.nextGaussian());
        }
        return FloatMatrix.wrap(a, n, d);
    }

    /** A double-precision two-pass reference for mean and population variance. */
    @ParameterizedTest(name = "seed {0}: {1} x {2}")
    @MethodSource("shapes")
    void standardScalerMatchesTwoPassReferenceAndAllPathsAgree(long seed, int n, int d) {
        FloatMatrix x = random(seed, n, d);
        ColumnScaling s = new StandardScaler().fit(x);
        double[] mean = new double[d];
        double[] var = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x.get(i, j);
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                var[j] += Math.pow(x.get(i, j) - mean[j], 2) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            assertEquals(mean[j], s.attribute("mean")[j], 1e-12 * (Math.abs(mean[j]) + 1));
            assertEquals(var[j], s.attribute("var")[j], 1e-10 * var[j] + 1e-12);
        }
        FloatMatrix y = s.transform(x);
        float[] block = x.toArray();
        s.transformRows(block, n);
        assertArrayEquals(y.toArray(), block);
        FloatMatrix inPlace = x.copy();
        s.transformInto(inPlace, inPlace);
        assertArrayEquals(y.toArray(), inPlace.toArray());
        FloatMatrix offHeap = FloatMatrix.of(Arena.ofAuto().allocate(4L * n * d), n, d);
        s.transformInto(x, offHeap);
        assertArrayEquals(y.toArray(), offHeap.toArray());
    }

    @ParameterizedTest(name = "seed {0}: {1} x {2}")
    @MethodSource("shapes")
    void robustQuantilesMatchSorting(long seed, int n, int d) {
        FloatMatrix x = random(seed, n, d);
        ColumnScaling s = new RobustScaler().withQuantileRange(10, 80).fit(x);
        for (int j = 0; j < d; j++) {
            float[] col = new float[n];
            for (int i = 0; i < n; i++) {
                col[i] = x.get(i, j);
            }
            java.util.Arrays.sort(col);
            float median = (col[(n - 1) / 2] + col[n / 2]) / 2f;
            assertEquals(median, s.attribute("center")[j], 0);
            double lo = lerp(col, 0.10 * (n - 1));
            double hi = lerp(col, 0.80 * (n - 1));
            double range = hi - lo;
            assertEquals(range < 1e-14 ? 1 : range, s.attribute("scale")[j], 1e-12 * range);
        }
    }

    private static double lerp(float[] sorted, double index) {
        int below = (int) Math.floor(index);
        double t = index - below;
        double a = sorted[below];
        double b = sorted[Math.min(sorted.length - 1, below + 1)];
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    }

    @ParameterizedTest(name = "seed {0}: {1} x {2}")
    @MethodSource("shapes")
    void pcaComponentsAreOrthonormalAndFullRankReconstructs(long seed, int n, int d) {
        FloatMatrix x = random(seed, n, d);
        int r = Math.min(n, d);
        PcaFit fit = Pca.components(r).fitTransform(x, Progress.NONE);
        PcaModel m = fit.model();
        float[] c = m.components().toArray();
        for (int a = 0; a < r; a++) {
            for (int b = 0; b <= a; b++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += (double) c[a * d + j] * c[b * d + j];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-4, "component dot " + a + "," + b);
            }
        }
        double[] ev = m.explainedVariance();
        for (int i = 1; i < r; i++) {
            assertTrue(ev[i] <= ev[i - 1]);
        }
        assertArrayEquals(m.transform(x).toArray(), fit.projected().toArray(), 1e-4f * (float) Math.sqrt(ev[0]));
        if (r == d) {
            float[] back = m.inverseTransform(fit.projected()).toArray();
            float[] orig = x.toArray();
            for (int i = 0; i < orig.length; i++) {
                assertEquals(orig[i], back[i], 2e-3 * (Math.abs(orig[i]) + Math.sqrt(ev[0])));
            }
        }
        double sum = 0;
        for (double v : m.explainedVarianceRatio()) {
            sum += v;
        }
        assertEquals(1, sum, 1e-5);
    }

    /** Low-rank data plus small noise: randomized and exact find the same leading subspace. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("shapes")
    void randomizedAgreesWithExactOnLowRankData(long seed, int unusedN, int unusedD) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 300;
        int d = 50;
        int rank = 6;
        float[] a = new float[n * d];
        double[] basis = new double[rank * d];
        for (int i = 0; i < basis.length; i++) {
            basis[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < rank; q++) {
                double z = rnd.nextGaussian() * (10 - q);
                for (int j = 0; j < d; j++) {
                    a[i * d + j] += (float) (z * basis[q * d + j]);
                }
            }
            for (int j = 0; j < d; j++) {
                a[i * d + j] += (float) (0.01 * rnd.nextGaussian() + 5);
            }
        }
        FloatMatrix x = FloatMatrix.wrap(a, n, d);
        PcaModel e = Pca.components(4).fit(x);
        PcaModel r = Pca.components(4).withSolver(Pca.Solver.RANDOMIZED).withSeed(seed).fit(x);
        assertArrayEquals(e.explainedVarianceRatio(), r.explainedVarianceRatio(), 1e-5);
        assertArrayEquals(e.components().toArray(), r.components().toArray(), 1e-3f);
        assertEquals(e.noiseVariance(), r.noiseVariance(), 1e-4 * e.noiseVariance());
    }

    @Test
    void smallExactCases() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{1, 5, 0}, {3, 5, 0}, {5, 5, 0}, {7, 5, 0}});
        ColumnScaling s = new StandardScaler().fit(x);
        assertArrayEquals(new double[] {4, 5, 0}, s.attribute("mean"));
        assertArrayEquals(new double[] {Math.sqrt(5), 1, 1}, s.attribute("scale"));
        assertArrayEquals(new float[] {(float) (-3 / Math.sqrt(5)), 0, 0}, s.transform(x).rowArray(0));
        assertArrayEquals(new float[] {0, 0, 0, 1f / 3, 0, 0}, new MinMaxScaler().fit(x).transform(x).rowRange(0, 2)
                .toArray());
        ColumnScaling rb = new RobustScaler().fit(x);
        assertArrayEquals(new double[] {4, 5, 0}, rb.attribute("center"));
        assertArrayEquals(new double[] {3, 1, 1}, rb.attribute("scale"));
        FloatMatrix rows = FloatMatrix.fromRows(new float[][] {{3, 4}, {0, 0}, {1e-7f, 0}});
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, 1e-7f, 0}, L2Normalizer.fit(rows).transform(rows).toArray());
        PcaModel p = Pca.components(1).fit(FloatMatrix.fromRows(new float[][] {{-2, 0}, {0, 0}, {2, 0}}));
        assertArrayEquals(new float[] {-1, -0f}, p.components().toArray(), "sign: the first of tied largest (-2) positive, "
                + "as scikit-learn's [[-1, -0]]");
        assertArrayEquals(new double[] {4}, p.explainedVariance(), 1e-12);
        assertArrayEquals(new double[] {1}, p.explainedVarianceRatio(), 1e-12);
        PcaModel q = Pca.components(1).fit(FloatMatrix.fromRows(new float[][] {{0, 1}, {0, -3}, {0, 2}}));
        assertArrayEquals(new float[] {-0f, -1}, q.components().toArray(), "sign: the largest projection (-3) positive, as scikit-learn's [[-0, -1]]");
    }

    @Test
    void argumentsAreCheckedWithNamedMessages() {
        assertTrue(assertThrows(DescryException.class, () -> new MinMaxScaler(1, 0)).getMessage()
                .contains("feature_range"));
        assertTrue(assertThrows(DescryException.class, () -> new RobustScaler(30, 20, true, true)).getMessage()
                .contains("quantile_range"));
        assertTrue(assertThrows(DescryException.class, () -> Scaler.fromName("zscore")).getMessage()
                .contains("standard|minmax|robust|l2|sqrt|hellinger|none"));
        assertEquals(Scaler.ROBUST, Scaler.fromName("Robust"));
        assertTrue(assertThrows(DescryException.class, () -> Pca.components(-1)).getMessage()
                .contains("n_components must be >= 1, got -1"));
        assertTrue(assertThrows(DescryException.class, () -> Pca.varianceFraction(1.5)).getMessage()
                .contains("(0, 1], got 1.5"));
        assertTrue(assertThrows(DescryException.class, () -> Pca.varianceFraction(0.9)
                .withSolver(Pca.Solver.RANDOMIZED)).getMessage().contains("needs solver exact"));
        assertTrue(assertThrows(DescryException.class, () -> Pca.parse("lots")).getMessage()
                .contains("n_components"));
        FloatMatrix x = random(1, 10, 4);
        assertTrue(assertThrows(DescryException.class, () -> Pca.components(5).fit(x)).getMessage()
                .contains("n_components must be in [1, min(n, d)=4], got 5"));
        assertTrue(assertThrows(DescryException.class, () -> Pca.components(1).fit(x.rowRange(0, 1))).getMessage()
                .contains("at least 2 rows"));
        FloatMatrix bad = x.copy();
        bad.set(7, 2, Float.NaN);
        for (Scaler s : new Scaler[] {Scaler.STANDARD, Scaler.MINMAX, Scaler.ROBUST}) {
            String msg = assertThrows(DescryException.class, () -> s.fit(bad, Progress.NONE)).getMessage();
            assertTrue(msg.contains("row 7, column 2"), msg);
        }
        assertTrue(assertThrows(DescryException.class, () -> Pca.components(2).fit(bad)).getMessage()
                .contains("row 7, column 2"));
        assertTrue(assertThrows(DescryException.class, () -> new StandardScaler().fit(x).transform(random(1, 3, 5)))
                .getMessage().contains("5 columns"));
    }

    @Test
    void saveAndLoadRoundTrip() throws Exception {
        FloatMatrix x = random(4, 120, 9);
        for (Scaler s : Scaler.values()) {
            ScalerModel m = s.fit(x, Progress.NONE);
            Path d = dir.resolve(s.cliName());
            m.save(d);
            ScalerModel back = ScalerModel.load(d);
            assertEquals(m.kind(), back.kind());
            assertArrayEquals(m.transform(x).toArray(), back.transform(x).toArray(), s.cliName());
        }
        PcaModel p = Pca.components(3).withWhiten(true).fit(x);
        p.save(dir.resolve("pca"));
        PcaModel q = PcaModel.load(dir.resolve("pca"));
        assertArrayEquals(p.transform(x).toArray(), q.transform(x).toArray());
        assertArrayEquals(p.explainedVarianceRatio(), q.explainedVarianceRatio());
        assertEquals(p.noiseVariance(), q.noiseVariance());
        assertEquals("pca", q.provenance().algorithm());
    }
}
