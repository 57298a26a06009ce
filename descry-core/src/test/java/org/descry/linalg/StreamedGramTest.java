package org.descry.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming Gram products ({@link Kernels#addCenteredGram}, {@link Kernels#addCenteredTransposedMultiply}) fed
 * row blocks of multiples of {@link Kernels#REDUCTION_BLOCK} rows give bitwise the one-call products, in both
 * implementations.
 */
class StreamedGramTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        int[][] shapes = {{1, 5}, {255, 3}, {256, 17}, {700, 33}, {600, MicroKernel.NR + 1}, {530, 70}};
        for (Kernels k : new Kernels[] {Kernels.best(), Kernels.scalar(), Kernels.best().withThreads(1)}) {
            for (int[] s : shapes) {
                b.add(Arguments.of(k, s[0], s[1]));
            }
        }
        return b.build();
    }

    private static FloatMatrix data(SplittableRandom r, int n, int d) {
        float[] a = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() * (1 + i % 5) + 10 * (i % d));
        }
        return FloatMatrix.wrap(a, n, d);
    }

    /** Consecutive blocks of 1, 2 or 3 reduction blocks, the last one what is left. */
    private static int[] blockEnds(SplittableRandom r, int n) {
        java.util.List<Integer> ends = new java.util.ArrayList<>();
        int at = 0;
        while (at < n) {
            at = Math.min(n, at + Kernels.REDUCTION_BLOCK * (1 + r.nextInt(3)));
            ends.add(at);
        }
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    @ParameterizedTest(name = "{0}: {1} x {2}")
    @MethodSource("cases")
    void streamedCenteredGramIsTheOneCallGram(Kernels kernels, int n, int d) {
        SplittableRandom r = new SplittableRandom(n * 31L + d);
        FloatMatrix a = data(r, n, d);
        double[] mean = kernels.columnMeans(a);
        double[] sum = new double[d * d];
        int from = 0;
        for (int to : blockEnds(r, n)) {
            kernels.addCenteredGram(a.rowRange(from, to).copy(), mean, sum);
            from = to;
        }
        Kernels.mirrorUpper(sum, d);
        assertArrayEquals(kernels.centeredGram(a, mean), sum);
    }

    @ParameterizedTest(name = "{0}: {1} x {2}")
    @MethodSource("cases")
    void streamedCenteredTransposedMultiplyIsTheOneCallProduct(Kernels kernels, int n, int d) {
        SplittableRandom r = new SplittableRandom(n * 17L + d);
        FloatMatrix a = data(r, n, d);
        FloatMatrix b = data(r, n, 1 + d % 11);
        double[] mean = kernels.columnMeans(a);
        double[] sum = new double[d * b.cols()];
        int from = 0;
        for (int to : blockEnds(r, n)) {
            kernels.addCenteredTransposedMultiply(a.rowRange(from, to), mean, b.rowRange(from, to), sum);
            from = to;
        }
        assertArrayEquals(kernels.centeredTransposedMultiply(a, mean, b), sum);
    }

    @Test
    void refusesAShortOutput() {
        FloatMatrix a = FloatMatrix.zeros(4, 3);
        for (Kernels k : new Kernels[] {Kernels.best(), Kernels.scalar()}) {
            assertThrows(IllegalArgumentException.class, () -> k.addCenteredGram(a, new double[3], new double[8]));
            assertThrows(IllegalArgumentException.class, () -> k.addCenteredGram(a, new double[2], new double[9]));
            assertThrows(IllegalArgumentException.class,
                    () -> k.addCenteredTransposedMultiply(a, new double[3], FloatMatrix.zeros(4, 2), new double[5]));
            assertThrows(IllegalArgumentException.class,
                    () -> k.addCenteredTransposedMultiply(a, new double[3], FloatMatrix.zeros(5, 2), new double[6]));
            assertThrows(IllegalArgumentException.class, () -> Kernels.mirrorUpper(new double[3], 2));
        }
    }
}
