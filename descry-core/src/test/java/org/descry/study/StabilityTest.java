package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;

/** Stability: well-separated blobs come back whatever the seed or half; structureless noise does not. */
class StabilityTest {

    static FloatMatrix blobs(int n, int k, double spread, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 4;
        float[] a = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = i % k;
            for (int j = 0; j < d; j++) {
                a[i * d + j] = (float) ((j == c % d ? 10.0 * (1 + c / d) : 0.0) + spread * r.nextGaussian());
            }
        }
        return FloatMatrix.wrap(a, n, d);
    }

    @Test
    void separatedBlobsAreStable() {
        FloatMatrix x = blobs(600, 4, 0.5, 1);
        Clustering c = new Clustering("kmeans", 4, 0);
        int[] ref = c.fit(x, Progress.NONE).labels();
        assertEquals(1.0, new Stability(Stability.Mode.SEEDS, 3, 7).measure(c, x, ref, Progress.NONE), 1e-12);
        assertEquals(1.0, new Stability(Stability.Mode.HALVES, 3, 7).measure(c, x, ref, Progress.NONE), 1e-12);
    }

    @Test
    void noiseSplitIntoManyClustersIsLessStable() {
        FloatMatrix x = blobs(600, 1, 3.0, 2);
        Clustering c = new Clustering("kmeans", 8, 0, 1, org.descry.cluster.CovarianceType.FULL);
        int[] ref = c.fit(x, Progress.NONE).labels();
        double halves = new Stability(Stability.Mode.HALVES, 4, 3).measure(c, x, ref, Progress.NONE);
        assertTrue(halves < 0.9, "split-half ARI on noise " + halves);
    }

    @Test
    void badArguments() {
        assertEquals("repeats must be >= 1, got 0",
                assertThrows(DescryException.class, () -> new Stability(Stability.Mode.SEEDS, 0, 1)).getMessage());
        FloatMatrix x = blobs(10, 2, 1, 1);
        Stability s = new Stability(Stability.Mode.HALVES, 1, 1);
        DescryException e = assertThrows(DescryException.class,
                () -> s.measure(new Clustering("kmeans", 6, 0), x, null, Progress.NONE));
        assertEquals("k must be at most half the rows (5) to compare halves, got 6", e.getMessage());
    }
}
