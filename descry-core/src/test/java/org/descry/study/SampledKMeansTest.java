package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.descry.cluster.KMeans;
import org.descry.cluster.KMeansModel;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.metrics.AdjustedRandIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SampledKMeansTest {

    static FloatMatrix blobs(long seed, int n, int d, int k, int[] truth) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] centres = new float[k * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (r.nextGaussian() * 6);
        }
        float[] a = new float[n * d];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextInt(k);
            for (int j = 0; j < d; j++) {
                a[i * d + j] = centres[truth[i] * d + j] + (float) r.nextGaussian();
            }
        }
        return FloatMatrix.wrap(a, n, d);
    }

    static LongStream seeds() {
        return LongStream.range(0, 6);
    }

    /** From the sample's start, the full-data Lloyd run converges to a k-means optimum as good as a plain fit. */
    @ParameterizedTest
    @MethodSource("seeds")
    void reachesThePlainFitsOptimum(long seed) {
        int n = 6_000;
        int[] truth = new int[n];
        FloatMatrix x = blobs(seed, n, 5, 5, truth);
        KMeans km = KMeans.of(5).withSeed(seed).withNInit(3);
        KMeansModel sampled = new SampledKMeans(km, 800).fit(x, Progress.NONE);
        KMeansModel plain = km.fit(x, Progress.NONE);
        assertEquals(n, sampled.labels().length);
        assertTrue(sampled.inertia() <= plain.inertia() * (1 + 1e-3), sampled.inertia() + " vs " + plain.inertia());
        assertTrue(AdjustedRandIndex.score(truth, sampled.labels()) > 0.99);
        assertArrayEquals(sampled.labels(), sampled.predict(x), "labels are the converged assignment");
    }

    @Test
    void smallSetsAreFittedDirectly() {
        int[] truth = new int[500];
        FloatMatrix x = blobs(3, 500, 4, 3, truth);
        KMeans km = KMeans.of(3).withSeed(2).withNInit(2);
        assertArrayEquals(km.fit(x, Progress.NONE).labels(),
                new SampledKMeans(km, 500).fit(x, Progress.NONE).labels());
    }

    @Test
    void aSampleOfNoRowsIsRefused() {
        DescryException e = assertThrows(DescryException.class, () -> new SampledKMeans(KMeans.of(2), 0));
        assertTrue(e.getMessage().contains("sampleRows must be >= 1, got 0"), e.getMessage());
    }
}
