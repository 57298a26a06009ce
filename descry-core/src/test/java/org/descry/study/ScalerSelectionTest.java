package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.preprocess.Scaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scaler rule: exact skewness on a small column, the square root chosen where the columns have a heavy right
 * tail (and where it then lets k-means find the groups that standard scaling misses), standard scaling where they
 * are symmetric, ties to the first listed, mixtures averaged over blocks, and the argument errors.
 */
class ScalerSelectionTest {

    private static final ScalerSelection STANDARD_SQRT = new ScalerSelection(List.of(Scaler.STANDARD, Scaler.SQRT));

    private static FloatMatrix columns(int n, int d, long seed, java.util.function.Function<SplittableRandom,
            DoubleSupplier> draw) {
        SplittableRandom r = new SplittableRandom(seed);
        DoubleSupplier s = draw.apply(r);
        float[] a = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) s.getAsDouble();
        }
        return FloatMatrix.wrap(a, n, d);
    }

    @Test
    void skewnessIsFisherPearsonAsScipy() {
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 5, 0, 5, 0, 5, 1, 5}, 4, 2);
        double[] skew = ScalerSelection.columnSkewness(null, x);
        assertEquals(1, skew.length, "the constant column is left out");
        assertEquals(2 / Math.sqrt(3), skew[0], 1e-12, "scipy.stats.skew([0, 0, 0, 1])");
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L);
    }

    /** Exponential columns: skewness 2, and 0.63 after the square root (a Weibull of shape 2). */
    @ParameterizedTest
    @MethodSource("seeds")
    void heavyRightTailsTakeTheSquareRoot(long seed) {
        FloatMatrix x = columns(20_000, 8, seed, r -> () -> -Math.log(1 - r.nextDouble()));
        ScalerSelection.Choice c = STANDARD_SQRT.choose(List.of(x), Progress.NONE);
        assertEquals(Scaler.SQRT, c.chosen());
        assertEquals(2, c.scores().get(0).skewness(), 0.25);
        assertEquals(0.631, c.scores().get(1).skewness(), 0.08);
        assertEquals(8, c.scores().get(1).columns());
        assertEquals(20_000, c.rows());
        assertTrue(c.explanation().startsWith("sqrt scaling leaves the columns closest to symmetric"),
                c.explanation());
    }

    /** Uniform columns: symmetric as they are; the square root skews them (-0.57). */
    @ParameterizedTest
    @MethodSource("seeds")
    void symmetricColumnsKeepStandardScaling(long seed) {
        FloatMatrix x = columns(20_000, 8, seed, r -> r::nextDouble);
        ScalerSelection.Choice c = new ScalerSelection(List.of(Scaler.SQRT, Scaler.STANDARD))
                .choose(List.of(x), Progress.NONE);
        assertEquals(Scaler.STANDARD, c.chosen());
        assertEquals(0.566, c.scores().get(0).skewness(), 0.06);
        assertTrue(c.scores().get(1).skewness() < 0.06, "uniform: " + c.scores().get(1).skewness());
    }

    /**
     * Where the rule matters: counts of three groups that differ in a few rare, heavy-tailed bins among many
     * common noisy ones. Standard scaling weighs every bin alike and lets k-means split on the loud tails; the
     * square root, which the rule picks, lets it find the groups.
     */
    @Test
    void theChosenScalerIsTheOneUnderWhichKMeansFindsTheGroups() {
        int n = 3000;
        int d = 30;
        SplittableRandom r = new SplittableRandom(5);
        float[] a = new float[n * d];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 3;
            for (int j = 0; j < d; j++) {
                boolean own = j / 10 == truth[i];
                double rate = own ? 3 : 0.05;
                a[i * d + j] = (float) (r.nextDouble() < 0.1 ? rate * 40 * r.nextDouble() : poisson(r, rate));
            }
        }
        FloatMatrix x = FloatMatrix.wrap(a, n, d);
        ScalerSelection.Choice c = new ScalerSelection(List.of(Scaler.STANDARD, Scaler.SQRT, Scaler.MINMAX))
                .choose(List.of(x), Progress.NONE);
        assertEquals(Scaler.SQRT, c.chosen(), c.explanation());
        double chosen = ari(Scaler.SQRT, x, truth);
        double standard = ari(Scaler.STANDARD, x, truth);
        assertTrue(chosen > 0.9 && chosen > standard + 0.1, "ARI sqrt " + chosen + ", standard " + standard);
    }

    private static double ari(Scaler s, FloatMatrix x, int[] truth) {
        FloatMatrix y = s.fit(x, Progress.NONE).transform(x);
        int[] labels = new Clustering("kmeans", 3, 0, 3, org.descry.cluster.CovarianceType.FULL).fit(y, Progress.NONE)
                .labels();
        return org.descry.metrics.AdjustedRandIndex.score(truth, labels);
    }

    private static int poisson(SplittableRandom r, double rate) {
        double l = Math.exp(-rate);
        double p = r.nextDouble();
        int k = 0;
        while (p > l) {
            p *= r.nextDouble();
            k++;
        }
        return k;
    }

    @Test
    void affineScalersTieAndTheFirstListedWins() {
        FloatMatrix x = columns(5_000, 4, 9, r -> () -> -Math.log(1 - r.nextDouble()));
        ScalerSelection.Choice c = new ScalerSelection(List.of(Scaler.MINMAX, Scaler.STANDARD, Scaler.NONE,
                Scaler.ROBUST)).choose(List.of(x), Progress.NONE);
        assertEquals(Scaler.MINMAX, c.chosen());
        for (ScalerSelection.Score s : c.scores()) {
            assertEquals(c.scores().get(0).skewness(), s.skewness(), 1e-4, s.scaler().cliName());
        }
        assertTrue(c.explanation().contains("as close to symmetric as any, and is listed first"), c.explanation());
    }

    @Test
    void aMixtureAveragesItsBlocks() {
        FloatMatrix skewed = columns(20_000, 4, 3, r -> () -> -Math.log(1 - r.nextDouble()));
        FloatMatrix flat = columns(20_000, 6, 4, r -> r::nextDouble);
        ScalerSelection.Choice c = STANDARD_SQRT.choose(List.of(skewed, flat), Progress.NONE);
        double standard = (STANDARD_SQRT.choose(List.of(skewed), Progress.NONE).scores().get(0).skewness()
                + STANDARD_SQRT.choose(List.of(flat), Progress.NONE).scores().get(0).skewness()) / 2;
        assertEquals(standard, c.scores().get(0).skewness(), 1e-12);
        assertEquals(10, c.scores().get(0).columns());
        assertEquals(Scaler.SQRT, c.chosen(), "exponential 2 + uniform 0 against 0.63 + 0.57");
    }

    @Test
    void oneCandidateIsNoChoiceAndStepsAreReported() {
        int[] steps = new int[1];
        ScalerSelection.Choice c = new ScalerSelection(List.of(Scaler.L2)).choose(
                List.of(columns(100, 3, 1, r -> r::nextDouble)), (done, total) -> steps[0]++);
        assertEquals(Scaler.L2, c.chosen());
        assertEquals("l2: the only scaler listed.", c.explanation());
        assertEquals(1, steps[0]);
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("candidates must list at least one scaler", assertThrows(DescryException.class,
                () -> new ScalerSelection(List.of())).getMessage());
        assertEquals("candidates must not repeat a scaler, got [sqrt, sqrt]", assertThrows(DescryException.class,
                () -> new ScalerSelection(List.of(Scaler.SQRT, Scaler.SQRT))).getMessage());
        assertEquals("blocks must have the same rows, got 4 and 5", assertThrows(DescryException.class,
                () -> STANDARD_SQRT.choose(List.of(FloatMatrix.zeros(5, 2), FloatMatrix.zeros(4, 2)), Progress.NONE))
                .getMessage());
        assertEquals("blocks must hold at least one matrix", assertThrows(DescryException.class,
                () -> STANDARD_SQRT.choose(List.of(), Progress.NONE)).getMessage());
    }
}
