package org.descry.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.data.RowSubset;
import org.descry.linalg.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scalers and PCA fitted on a {@link RowSubset} (read in place) against the same fits on a
 * {@link FloatMatrix#selectRows} copy of those rows: every parameter and the projection bitwise equal, for both
 * solvers, with and without a folded scaling, the subset's Gram matrix gathered in blocks of one and two reduction
 * blocks (so several blocks and a partial last one).
 */
class SubsetFitTest {

    /** Sorted inliers (about 97% of the rows), or a shuffled subset with repeats. */
    static int[] subset(SplittableRandom r, int n, boolean sorted) {
        if (sorted) {
            return IntStream.range(0, n).filter(i -> r.nextDouble() >= 0.03).toArray();
        }
        return IntStream.range(0, n * 2 / 3).map(i -> r.nextInt(n)).toArray();
    }

    static Stream<Arguments> cases() {
        return IntStream.range(0, 8).mapToObj(s -> {
            SplittableRandom r = new SplittableRandom(500 + s);
            int d = 3 + r.nextInt(45);
            int n = d + 300 + r.nextInt(900);
            return Arguments.of(s, n, d, s % 4 != 3);
        });
    }

    @ParameterizedTest(name = "seed {0}: {1} x {2}, sorted {3}")
    @MethodSource("cases")
    void columnScalersFitTheSameOnTheSubset(int seed, int n, int d, boolean sorted) {
        FloatMatrix x = FusedPcaTest.data(seed, n, d);
        int[] rows = subset(new SplittableRandom(seed), n, sorted);
        RowSubset s = RowSubset.of(x, rows);
        FloatMatrix copy = x.selectRows(rows);
        assertSameScaling(new StandardScaler().fit(copy), new StandardScaler().fit(s, Progress.NONE));
        assertSameScaling(new MinMaxScaler().fit(copy), new MinMaxScaler().fit(s, Progress.NONE));
        assertSameScaling(new RobustScaler().fit(copy), new RobustScaler().fit(s, Progress.NONE));
        for (Scaler scaler : Scaler.values()) {
            ScalerModel a = scaler.fit(copy, Progress.NONE);
            ScalerModel b = scaler.fit(s, Progress.NONE);
            assertEquals(a.kind(), b.kind());
            assertArrayEquals(a.transform(copy).toArray(), b.transform(s).toArray(), scaler.cliName());
        }
    }

    /** The column scalers fitted on transformed rows (read block by block) equal their fit on the transformed copy. */
    @ParameterizedTest(name = "seed {0}: {1} x {2}, sorted {3}")
    @MethodSource("cases")
    void columnScalersFitTheSameOnTransformedRows(int seed, int n, int d, boolean sorted) {
        FloatMatrix x = FusedPcaTest.data(seed, n, d);
        int[] rows = subset(new SplittableRandom(seed), n, sorted);
        ScalerModel sqrt = PowerNormalizer.sqrt(d);
        RowSubset s = RowSubset.of(x, rows).transformed(sqrt::transformRows);
        FloatMatrix copy = sqrt.transform(x.selectRows(rows));
        assertSameScaling(new StandardScaler().fit(copy), new StandardScaler().fit(s, Progress.NONE));
        assertSameScaling(new MinMaxScaler().fit(copy), new MinMaxScaler().fit(s, Progress.NONE));
        assertSameScaling(new RobustScaler().fit(copy), new RobustScaler().fit(s, Progress.NONE));
    }

    @ParameterizedTest(name = "seed {0}: {1} x {2}, sorted {3}")
    @MethodSource("cases")
    void exactPcaFitsTheSameOnTheSubset(int seed, int n, int d, boolean sorted) {
        FloatMatrix x = FusedPcaTest.data(seed, n, d);
        int[] rows = subset(new SplittableRandom(seed), n, sorted);
        RowSubset s = RowSubset.of(x, rows);
        FloatMatrix copy = x.selectRows(rows);
        ColumnScaling standard = new StandardScaler().fit(copy);
        Pca fraction = Pca.varianceFraction(0.9);
        Pca count = Pca.components(Math.min(5, d));
        for (int gather : new int[] {Kernels.REDUCTION_BLOCK, 2 * Kernels.REDUCTION_BLOCK}) {
            assertSameFit(fraction.fitTransform(copy, standard, Progress.NONE),
                    PcaFitter.fit(s, standard, fraction, true, Progress.NONE, gather));
            assertSameFit(count.fitTransform(copy, Progress.NONE),
                    PcaFitter.fit(s, null, count, true, Progress.NONE, gather));
        }
        assertSameFit(fraction.fitTransform(copy, standard, Progress.NONE), fraction.fitTransform(s, standard,
                Progress.NONE));
        assertSameFit(count.withWhiten(true).fitTransform(copy, Progress.NONE),
                count.withWhiten(true).fitTransform(s, Progress.NONE));
    }

    @ParameterizedTest(name = "seed {0}: {1} x {2}, sorted {3}")
    @MethodSource("cases")
    void randomizedPcaFitsTheSameOnTheSubset(int seed, int n, int d, boolean sorted) {
        FloatMatrix x = FusedPcaTest.data(seed, n, d);
        int[] rows = subset(new SplittableRandom(seed), n, sorted);
        RowSubset s = RowSubset.of(x, rows);
        FloatMatrix copy = x.selectRows(rows);
        ColumnScaling minmax = new MinMaxScaler().fit(copy);
        Pca pca = Pca.components(Math.min(3, d)).withSolver(Pca.Solver.RANDOMIZED).withSeed(seed);
        for (int gather : new int[] {Kernels.REDUCTION_BLOCK, 3 * Kernels.REDUCTION_BLOCK}) {
            assertSameFit(pca.fitTransform(copy, minmax, Progress.NONE),
                    PcaFitter.fit(s, minmax, pca, true, Progress.NONE, gather));
            assertSameFit(pca.fitTransform(copy, Progress.NONE), PcaFitter.fit(s, null, pca, true, Progress.NONE,
                    gather));
        }
    }

    @Test
    void refusesAGatherSizeThatBreaksTheReductionBlocks() {
        RowSubset s = RowSubset.all(FusedPcaTest.data(1, 20, 3));
        var e = assertThrows(IllegalArgumentException.class,
                () -> PcaFitter.fit(s, null, Pca.components(2), true, Progress.NONE, 100));
        assertEquals("gatherRows must be a positive multiple of 256, got 100", e.getMessage());
    }

    static void assertSameScaling(ColumnScaling a, ColumnScaling b) {
        assertEquals(a.kind(), b.kind());
        assertArrayEquals(a.center(), b.center(), a.kind() + " center");
        assertArrayEquals(a.multiplier(), b.multiplier(), a.kind() + " multiplier");
        assertArrayEquals(a.shift(), b.shift(), a.kind() + " shift");
        for (String name : new String[] {"mean", "var", "scale", "data_min", "data_max", "center"}) {
            assertArrayEquals(a.attribute(name), b.attribute(name), a.kind() + " " + name);
        }
        assertEquals(a.provenance().input(), b.provenance().input());
    }

    static void assertSameFit(PcaFit a, PcaFit b) {
        PcaModel m = a.model();
        PcaModel o = b.model();
        assertEquals(m.outputWidth(), o.outputWidth(), "components kept");
        assertArrayEquals(m.components().toArray(), o.components().toArray(), "components");
        assertArrayEquals(m.mean(), o.mean(), "mean");
        assertArrayEquals(m.explainedVariance(), o.explainedVariance(), "explained variance");
        assertArrayEquals(m.explainedVarianceRatio(), o.explainedVarianceRatio(), "ratio");
        assertArrayEquals(m.singularValues(), o.singularValues(), "singular values");
        assertEquals(m.noiseVariance(), o.noiseVariance(), "noise variance");
        assertEquals(m.samples(), o.samples(), "samples");
        assertArrayEquals(a.projected().toArray(), b.projected().toArray(), "projection");
    }
}
