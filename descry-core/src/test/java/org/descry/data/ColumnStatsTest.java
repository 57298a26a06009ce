package org.descry.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ColumnStatsTest {

    @Test
    void smallExactCase() {
        FloatMatrix m = FloatMatrix.fromRows(new float[][] {{1, 10}, {3, 10}, {Float.NaN, 10}});
        ColumnStats s = ColumnStats.of(m, Progress.NONE);
        assertEquals(2.0, s.mean()[0], 0);
        assertEquals(1.0, s.std()[0], 0);
        assertEquals(0.0, s.std()[1], 0);
        assertEquals(1, s.nonFinite());
        assertEquals(3.0, s.max()[0], 0);
    }

    static IntStream seeds() {
        return IntStream.range(0, 8);
    }

    /** Against a two-pass double reference, on shapes that span several row blocks and a large offset. */
    @ParameterizedTest
    @MethodSource("seeds")
    void matchesTwoPassReference(int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int rows = 1 + rnd.nextInt(3000);
        int cols = 1 + rnd.nextInt(300);
        FloatMatrix m = FloatMatrix.zeros(rows, cols);
        BitSet bad = new BitSet();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.set(r, c, (float) (1e4 + rnd.nextGaussian() * (c + 1)));
            }
            if (rnd.nextInt(50) == 0) {
                m.set(r, rnd.nextInt(cols), rnd.nextBoolean() ? Float.NaN : Float.NEGATIVE_INFINITY);
                bad.set(r);
            }
        }
        assertEquals(bad, NonFiniteRows.find(m, Progress.NONE));
        ColumnStats s = ColumnStats.of(m, Progress.NONE);
        for (int c = 0; c < cols; c++) {
            double sum = 0;
            int n = 0;
            for (int r = 0; r < rows; r++) {
                float v = m.get(r, c);
                if (Float.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
            double mean = sum / n;
            double ss = 0;
            for (int r = 0; r < rows; r++) {
                float v = m.get(r, c);
                if (Float.isFinite(v)) {
                    ss += (v - mean) * (v - mean);
                }
            }
            assertEquals(mean, s.mean()[c], 1e-9 * Math.abs(mean));
            assertEquals(Math.sqrt(ss / n), s.std()[c], 1e-6 * Math.sqrt(ss / n) + 1e-12);
        }
    }
}
