package org.descry.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/**
 * PCA with the scaling folded in ({@link Pca#fitTransform(FloatMatrix, ColumnScaling, Progress)}) against PCA of the
 * scaled copy: same attributes, components with the same signs, same projections of fit and new raw rows, the same
 * inverse (back to raw rows), and save/load.
 */
class FusedPcaTest {

    @TempDir
    Path dir;

    /** Random shapes and each column-affine scaler; some columns constant, offsets and spreads far apart. */
    static Stream<Arguments> cases() {
        String[] scalers = {"standard", "minmax", "robust"};
        return IntStream.range(0, 9).mapToObj(s -> {
            SplittableRandom r = new SplittableRandom(100 + s);
            int d = 3 + r.nextInt(40);
            int n = d + 2 + r.nextInt(600);
            return Arguments.of(s, n, d, scalers[s % 3], s % 4 == 3);
        });
    }

    static FloatMatrix data(long seed, int n, int d) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n * d];
        double[] offset = new double[d];
        double[] spread = new double[d];
        double[][] mix = {new double[d], new double[d]};
        for (int j = 0; j < d; j++) {
            offset[j] = r.nextDouble(-50, 50);
            spread[j] = j % 7 == 2 ? 0 : Math.pow(10, r.nextDouble(-2, 2));
            mix[0][j] = r.nextGaussian();
            mix[1][j] = r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            double f0 = 3 * r.nextGaussian();
            double f1 = 2 * r.nextGaussian();
            for (int j = 0; j < d; j++) {
                double v = spread[j] * (r.nextGaussian() + f0 * mix[0][j] + f1 * mix[1][j]);
                a[i * d + j] = (float) (offset[j] + v);
            }
        }
        return FloatMatrix.wrap(a, n, d);
    }

    static ColumnScaling scaler(String kind, FloatMatrix x) {
        return switch (kind) {
            case "standard" -> new StandardScaler().fit(x);
            case "minmax" -> new MinMaxScaler().fit(x);
            default -> new RobustScaler().fit(x);
        };
    }

    @ParameterizedTest(name = "seed {0}: {1} x {2}, {3}, whiten {4}")
    @MethodSource("cases")
    void foldedScalingEqualsScaleThenPca(long seed, int n, int d, String kind, boolean whiten) throws Exception {
        FloatMatrix all = data(seed, n + 30, d);
        FloatMatrix raw = all.rowRange(0, n);
        FloatMatrix fresh = all.rowRange(n, n + 30);
        ColumnScaling s = scaler(kind, raw);
        FloatMatrix scaled = s.transform(raw);
        int k = Math.min(d, 4);
        Pca pca = Pca.components(k).withWhiten(whiten);
        PcaFit reference = pca.fitTransform(scaled, Progress.NONE);
        PcaFit fused = pca.fitTransform(raw, s, Progress.NONE);
        PcaModel a = reference.model();
        PcaModel b = fused.model();
        assertEquals(s, b.scaling());
        assertNull(a.scaling());
        close(a.explainedVariance(), b.explainedVariance(), 1e-5 * a.explainedVariance()[0], "explained variance");
        close(a.explainedVarianceRatio(), b.explainedVarianceRatio(), 1e-5, "ratio");
        close(a.singularValues(), b.singularValues(), 1e-5 * a.singularValues()[0], "singular values");
        assertEquals(a.noiseVariance(), b.noiseVariance(), 1e-5 * a.explainedVariance()[0] + 1e-9, "noise variance");
        double meanScale = 1e-5 * Math.max(1, maxAbs(a.mean()));
        close(a.mean(), b.mean(), meanScale, "mean");
        close(Fixtures.toDouble(a.components()), Fixtures.toDouble(b.components()), 1e-3, "components");
        double out = whiten ? 1 : Math.sqrt(a.explainedVariance()[0]);
        close(Fixtures.toDouble(reference.projected()), Fixtures.toDouble(fused.projected()), 1e-3 * out,
                "fitTransform");
        FloatMatrix viaScaled = a.transform(s.transform(fresh));
        FloatMatrix viaRaw = b.transform(fresh);
        close(Fixtures.toDouble(viaScaled), Fixtures.toDouble(viaRaw), 1e-3 * out, "transform of new rows");
        FloatMatrix back = b.inverseTransform(viaRaw);
        FloatMatrix backScaled = s.transform(back);
        close(Fixtures.toDouble(a.inverseTransform(viaScaled)), Fixtures.toDouble(backScaled),
                1e-3 * Math.max(1, maxAbs(Fixtures.toDouble(backScaled))), "inverse transform, rescaled");

        Path saved = dir.resolve("fused-" + seed);
        b.save(saved);
        PcaModel loaded = PcaModel.load(saved);
        assertArrayEquals(b.components().toArray(), loaded.components().toArray());
        assertArrayEquals(b.mean(), loaded.mean());
        assertArrayEquals(s.multiplier(), loaded.scaling().multiplier());
        assertArrayEquals(s.center(), loaded.scaling().center());
        assertArrayEquals(viaRaw.toArray(), loaded.transform(fresh).toArray());
    }

    @Test
    void randomizedSolverFoldsTheScalingToo() {
        FloatMatrix raw = data(7, 400, 30);
        ColumnScaling s = new StandardScaler().fit(raw);
        Pca pca = Pca.components(3).withSolver(Pca.Solver.RANDOMIZED).withSeed(5);
        PcaModel a = pca.fit(s.transform(raw));
        PcaModel b = pca.fit(raw, s, Progress.NONE);
        close(a.explainedVarianceRatio(), b.explainedVarianceRatio(), 1e-4, "ratio");
        close(Fixtures.toDouble(a.components()), Fixtures.toDouble(b.components()), 1e-3, "components");
    }

    @Test
    void varianceFractionCountsAgree() {
        FloatMatrix raw = data(11, 500, 25);
        ColumnScaling s = new MinMaxScaler().fit(raw);
        for (double f : new double[] {0.5, 0.9, 0.99}) {
            assertEquals(Pca.varianceFraction(f).fit(s.transform(raw)).outputWidth(),
                    Pca.varianceFraction(f).fit(raw, s, Progress.NONE).outputWidth(), "count for " + f);
        }
    }

    @Test
    void refusesAScalingOfAnotherWidth() {
        FloatMatrix raw = data(1, 50, 6);
        ColumnScaling other = new StandardScaler().fit(data(2, 50, 5));
        DescryException e = assertThrows(DescryException.class,
                () -> Pca.components(2).fit(raw, other, Progress.NONE));
        assertEquals("x has 6 columns, the standard scaling was fitted on 5", e.getMessage());
        assertThrows(NullPointerException.class, () -> Pca.components(2).fit(raw, null, Progress.NONE));
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static void close(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double t = tol;
            if (Math.abs(expected[i] - actual[i]) > t) {
                throw new AssertionError(what + " [" + i + "]: expected " + expected[i] + ", got " + actual[i]
                        + " (tolerance " + t + ")");
            }
        }
    }
}
