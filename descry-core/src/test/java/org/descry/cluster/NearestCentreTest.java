package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.linalg.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The vector argmin of the assignment picks what the scalar loop picks, ties included (lowest centre wins). */
class NearestCentreTest {

    static IntStream ks() {
        return IntStream.rangeClosed(1, 40);
    }

    @ParameterizedTest(name = "k={0}")
    @MethodSource("ks")
    void vectorArgminEqualsScalarWithTies(int k) {
        SplittableRandom rnd = new SplittableRandom(k);
        int d = 5;
        float[] centres = new float[k * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextInt(-2, 3);
        }
        if (k > 2) {
            System.arraycopy(centres, 0, centres, (k - 1) * d, d);
        }
        NearestCentre nc = new NearestCentre(centres, k, d, Kernels.best());
        int rows = 64;
        float[] x = new float[rows * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextInt(-3, 4) / 2;
        }
        float[] tile = new float[nc.tileSize(rows)];
        int[] labels = new int[rows];
        java.util.Arrays.fill(labels, -1);
        assertEquals(rows, nc.assign(x, 0, rows, tile, labels, 0));
        int stride = tile.length / rows;
        int ties = 0;
        for (int r = 0; r < rows; r++) {
            int scalar = nc.argmin(tile, r * stride);
            assertEquals(scalar, labels[r], "row " + r);
            if (stride % FloatVectorLanes.LANES == 0) {
                assertEquals(scalar, nc.argminVector(tile, r * stride, stride), "row " + r);
            }
            float best = nc.score(tile, r * stride, scalar);
            for (int j = 0; j < k; j++) {
                float s = nc.score(tile, r * stride, j);
                assertTrue(j < scalar ? s > best : s >= best, "row " + r + " centre " + j);
                ties += j > scalar && s == best ? 1 : 0;
            }
        }
        if (k > 2) {
            assertTrue(ties > 0, "the duplicated centre ties");
        }
    }

    private static final class FloatVectorLanes {
        static final int LANES = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    }
}
