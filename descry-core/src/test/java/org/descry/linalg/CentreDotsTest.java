package org.descry.linalg;

import static org.descry.linalg.TestData.gamma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused small-k product: vector and scalar twins give the same bits, which are also the bits of
 * {@code multiplyTransposed}, on random shapes (d around the vector length and the KC block, k = 1..40, row counts
 * not a multiple of the eight-, twelve- or four-row groups, rows at an offset); and both are within the documented bound of a
 * double reference.
 */
class CentreDotsTest {

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        int l = MicroKernel.L;
        int[] ds = {0, 1, 3, l - 1, l, l + 1, 2 * l + 5, 250, 255, 256, 257, 600};
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 1; k <= 40; k++) {
            int d = ds[rnd.nextInt(ds.length)];
            int rows = rnd.nextInt(1, 40);
            b.add(Arguments.of(k, d, rows, rnd.nextInt(0, 5), (long) k));
        }
        for (int d : ds) {
            b.add(Arguments.of(1 + rnd.nextInt(40), d, 8 * rnd.nextInt(1, 4), 0, 100L + d));
        }
        for (int k = 5; k <= 16; k++) {
            // the two-vector kernels: groups of twelve and four rows, then single rows
            int[] rowCounts = {3, 4, 11, 12, 27, 259};
            b.add(Arguments.of(k, ds[rnd.nextInt(ds.length)], rowCounts[rnd.nextInt(rowCounts.length)],
                    rnd.nextInt(0, 3), 200L + k));
        }
        return b.build();
    }

    @ParameterizedTest(name = "k={0} d={1} rows={2} offset={3}")
    @MethodSource("shapes")
    void vectorEqualsScalarEqualsGemm(int k, int d, int rows, int offsetRows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] c = TestData.floats(rnd, k * d);
        float[] x = TestData.floats(rnd, (rows + offsetRows) * d);
        CentreDots vector = Kernels.best().centreDots(c, k, d);
        CentreDots scalar = Kernels.scalar().centreDots(c, k, d);
        assertEquals(vector.stride(), scalar.stride());
        assertTrue(vector.stride() >= k);
        int s = vector.stride();
        float[] v = new float[vector.tileSize(rows)];
        float[] w = new float[scalar.tileSize(rows)];
        java.util.Arrays.fill(v, Float.NaN);
        java.util.Arrays.fill(w, Float.NaN);
        vector.multiply(x, offsetRows * d, rows, v);
        scalar.multiply(x, offsetRows * d, rows, w);
        float[] gemm = new float[rows * k];
        FloatMatrix xm = FloatMatrix.wrap(x, rows + offsetRows, d);
        Kernels.best().withThreads(1).multiplyTransposed(xm, offsetRows, offsetRows + rows, FloatMatrix.wrap(c, k, d),
                0, k, gemm);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                String at = "row " + r + " centre " + j;
                assertEquals(Float.floatToIntBits(w[r * s + j]), Float.floatToIntBits(v[r * s + j]), at);
                assertEquals(Float.floatToIntBits(gemm[r * k + j]), Float.floatToIntBits(v[r * s + j]), at);
                double exact = 0;
                double abs = 0;
                for (int q = 0; q < d; q++) {
                    double p = (double) x[(offsetRows + r) * d + q] * c[j * d + q];
                    exact += p;
                    abs += Math.abs(p);
                }
                double bound = gamma(PackedGemm.KC + Math.ceil(d / (double) PackedGemm.KC)) * abs;
                assertTrue(Math.abs(v[r * s + j] - exact) <= bound, at + ": " + v[r * s + j] + " vs " + exact);
            }
        }
    }

    @Test
    void splittingRowsIntoCallsChangesNothing() {
        SplittableRandom rnd = new SplittableRandom(3);
        int k = 10;
        int d = 37;
        int rows = 29;
        float[] c = TestData.floats(rnd, k * d);
        float[] x = TestData.floats(rnd, rows * d);
        CentreDots dots = Kernels.best().centreDots(c, k, d);
        int s = dots.stride();
        float[] whole = new float[dots.tileSize(rows)];
        dots.multiply(x, 0, rows, whole);
        float[] part = new float[dots.tileSize(rows)];
        for (int r0 = 0; r0 < rows; r0 += 11) {
            int r1 = Math.min(rows, r0 + 11);
            float[] t = new float[dots.tileSize(r1 - r0)];
            dots.multiply(x, r0 * d, r1 - r0, t);
            System.arraycopy(t, 0, part, r0 * s, t.length);
        }
        for (int i = 0; i < whole.length; i++) {
            assertEquals(Float.floatToIntBits(whole[i]), Float.floatToIntBits(part[i]), "entry " + i);
        }
    }

    @Test
    void checksArguments() {
        float[] c = new float[6];
        assertThrows(IllegalArgumentException.class, () -> Kernels.best().centreDots(c, 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Kernels.best().centreDots(c, 3, 3));
        CentreDots dots = Kernels.best().centreDots(c, 2, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> dots.multiply(new float[8], 0, 3, new float[dots.tileSize(3)]));
        assertThrows(IndexOutOfBoundsException.class, () -> dots.multiply(new float[9], 0, 3, new float[dots.tileSize(2)]));
    }
}
