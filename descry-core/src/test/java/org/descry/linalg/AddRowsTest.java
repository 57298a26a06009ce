package org.descry.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code addRows}: vector, scalar and row-by-row {@code axpy(1, ...)} give the same bits. */
class AddRowsTest {

    static IntStream widths() {
        int l = MicroKernel.L;
        return IntStream.of(0, 1, 3, l - 1, l, l + 1, 4 * l - 1, 4 * l, 4 * l + 5, 250, 257);
    }

    @ParameterizedTest(name = "d={0}")
    @MethodSource("widths")
    void vectorEqualsScalarEqualsAxpy(int d) {
        SplittableRandom rnd = new SplittableRandom(d);
        int n = 30;
        int off = 3;
        float[] x = new float[off + n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextGaussian() * Math.exp(rnd.nextGaussian() * 4));
        }
        int[] rows = rnd.ints(25, 0, n).toArray();
        float[] start = TestData.floats(rnd, d + 2);
        float[] vector = start.clone();
        float[] scalar = start.clone();
        float[] axpy = start.clone();
        Kernels.best().addRows(x, off, d, rows, 4, 21, vector, 2);
        Kernels.scalar().addRows(x, off, d, rows, 4, 21, scalar, 2);
        for (int i = 4; i < 21; i++) {
            Kernels.best().axpy(1f, x, off + rows[i] * d, axpy, 2, d);
        }
        for (int q = 0; q < start.length; q++) {
            assertEquals(Float.floatToIntBits(axpy[q]), Float.floatToIntBits(vector[q]), "vector " + q);
            assertEquals(Float.floatToIntBits(axpy[q]), Float.floatToIntBits(scalar[q]), "scalar " + q);
        }
    }

    @Test
    void checksRanges() {
        float[] x = new float[10];
        for (Kernels k : new Kernels[] {Kernels.best(), Kernels.scalar()}) {
            assertThrows(IndexOutOfBoundsException.class, () -> k.addRows(x, 0, 5, new int[] {2}, 0, 1,
                    new float[5], 0));
            assertThrows(IndexOutOfBoundsException.class, () -> k.addRows(x, 0, 5, new int[] {1}, 0, 1,
                    new float[4], 0));
        }
    }
}
