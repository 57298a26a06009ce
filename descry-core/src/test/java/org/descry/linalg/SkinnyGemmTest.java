package org.descry.linalg;

import static org.descry.linalg.TestData.U_DOUBLE;
import static org.descry.linalg.TestData.gamma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code A·Bᵀ} with a small side ({@link SkinnyGemm}): bitwise equal to the packed kernel for either side small,
 * heap or off-heap, any row window and thread count, and within the packed kernel's bound of a double reference.
 */
class SkinnyGemmTest {

    private static final Kernels VECTOR = Kernels.best();

    /** Small side 1..40 (across {@code L}, {@code 2L} and the cut-over), large side across the row groups of 6 and 8. */
    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        SplittableRandom rnd = new SplittableRandom(7);
        int[] reductions = {1, 3, 17, 250, 257, 600};
        for (int small = 1; small <= 40; small++) {
            int big = 1 + rnd.nextInt(300);
            int k = reductions[rnd.nextInt(reductions.length)];
            b.add(Arguments.of(small, small, big, k));
        }
        b.add(Arguments.of(100, 10, 1000, 250));
        b.add(Arguments.of(101, 32, 7, 33));
        b.add(Arguments.of(102, 16, 9, 16));
        return b.build();
    }

    @ParameterizedTest(name = "seed {0}: small {1}, large {2}, k {3}")
    @MethodSource("shapes")
    void sameBitsAsPackedKernelAndWithinBound(int seed, int small, int big, int k) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FloatMatrix s = TestData.heap(rnd, small + 3, k);
        FloatMatrix g = TestData.heap(rnd, big + 5, k);
        int sFrom = rnd.nextInt(4);
        int gFrom = rnd.nextInt(6);
        for (boolean smallFirst : new boolean[] {false, true}) {
            FloatMatrix a = smallFirst ? s : g;
            FloatMatrix b = smallFirst ? g : s;
            int aFrom = smallFirst ? sFrom : gFrom;
            int bFrom = smallFirst ? gFrom : sFrom;
            int n = smallFirst ? small : big;
            int m = smallFirst ? big : small;
            float[] packed = new float[n * m];
            PackedGemm.packed(new Operand.Rows(a, aFrom), new Operand.Rows(b, bFrom), n, m, k,
                    new PackedGemm.FloatOut(packed, m), false, 1);
            for (int threads = 1; threads <= 2; threads++) {
                for (boolean offHeap : new boolean[] {false, true}) {
                    float[] out = new float[n * m];
                    FloatMatrix aa = offHeap ? TestData.offHeap(a) : a;
                    FloatMatrix bb = offHeap ? TestData.offHeap(b) : b;
                    VECTOR.withThreads(threads).multiplyTransposed(aa, aFrom, aFrom + n, bb, bFrom, bFrom + m, out);
                    assertArrayEquals(packed, out, "smallFirst " + smallFirst + ", threads " + threads
                            + ", off-heap " + offHeap);
                }
            }
            float[] aRows = new float[n * k];
            float[] bRows = new float[m * k];
            a.copyRows(aFrom, aFrom + n, aRows, 0);
            b.copyRows(bFrom, bFrom + m, bRows, 0);
            FloatMatrix aw = FloatMatrix.wrap(aRows, n, k);
            FloatMatrix bw = FloatMatrix.wrap(bRows, m, k);
            double[] abs = new double[n * m];
            double[] ref = TestData.referenceProduct(aw, bw, abs);
            int kc = PackedGemm.KC;
            double bound = gamma(Math.min(k, kc) + (k + kc - 1) / kc);
            for (int i = 0; i < n * m; i++) {
                int cell = i;
                assertTrue(Math.abs(packed[i] - ref[i]) <= bound * abs[i] + k * U_DOUBLE * abs[i],
                        () -> "cell " + cell + ": " + packed[cell] + " vs " + ref[cell]);
            }
        }
    }
}
