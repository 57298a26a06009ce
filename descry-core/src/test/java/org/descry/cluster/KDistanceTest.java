package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KDistanceTest {

    @Test
    void selfCountsAsTheFirstNeighbour() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0}, {1}, {3}, {7}});
        KDistanceCurve c = KDistance.of(2).fit(x, Progress.NONE);
        assertArrayEquals(new float[] {1, 1, 2, 4}, c.distances());
        assertArrayEquals(new float[] {1, 1, 2, 4}, c.sorted());
        assertEquals(1.5, c.quantile(0.5), 1e-12);
        KDistanceCurve c3 = KDistance.of(3).fit(x, Progress.NONE);
        assertArrayEquals(new float[] {3, 2, 3, 6}, c3.distances());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void coreDistancesOfOpticsAndDbscanCoreCountsAgree(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        FloatMatrix x = OpticsTest.randomData(rng, 300, 4, false);
        int k = 3 + rng.nextInt(6);
        KDistanceCurve c = KDistance.of(k).fit(x, Progress.NONE);
        double[] core = Optics.of(k).fit(x, Progress.NONE).coreDistances();
        float[] dist = c.distances();
        for (int i = 0; i < dist.length; i++) {
            assertEquals(core[i], dist[i], 1e-6 * core[i] + 1e-7);
        }
        double eps = c.quantile(0.7);
        int cores = Dbscan.of(eps * (1 + 1e-6)).withMinSamples(k).fit(x, Progress.NONE).coreSampleIndices().length;
        assertEquals(0.7, (double) cores / x.rows(), 0.02);
    }

    @Test
    void kneeOfAHockeyStick() {
        // 90 rows with k-distance ~1 then 10 rows far away: the knee is at the bend.
        float[][] rows = new float[100][];
        for (int i = 0; i < 90; i++) {
            rows[i] = new float[] {i};
        }
        for (int i = 90; i < 100; i++) {
            rows[i] = new float[] {1000 + (i - 90) * 50};
        }
        KDistanceCurve c = KDistance.of(2).fit(FloatMatrix.fromRows(rows), Progress.NONE);
        assertEquals(1.0, c.kneeEps(), 1e-9);
        assertTrue(c.kneeIndex() >= 85 && c.kneeIndex() < 90, "knee at " + c.kneeIndex());
    }

    @Test
    void sampleIsSeededAndDistinct() {
        FloatMatrix x = OpticsTest.randomData(new SplittableRandom(5), 500, 3, false);
        KDistanceCurve a = KDistance.of(4).withSample(100, 9).fit(x, Progress.NONE);
        KDistanceCurve b = KDistance.of(4).withSample(100, 9).fit(x, Progress.NONE);
        assertArrayEquals(a.rows(), b.rows());
        assertArrayEquals(a.distances(), b.distances());
        int[] rows = a.rows();
        assertEquals(100, rows.length);
        for (int i = 1; i < rows.length; i++) {
            assertTrue(rows[i] > rows[i - 1]);
        }
        KDistanceCurve all = KDistance.of(4).fit(x, Progress.NONE);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(all.distances()[rows[i]], a.distances()[i]);
        }
    }

    @Test
    void validation() {
        assertEquals("k must be >= 2 (the row itself counts as the first neighbour), got 1",
                assertThrows(IllegalArgumentException.class, () -> KDistance.of(1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> KDistance.of(3).withSample(-1, 0));
        KDistanceCurve c = KDistance.of(2).fit(FloatMatrix.fromRows(new float[][] {{0}, {1}}), Progress.NONE);
        assertThrows(IllegalArgumentException.class, () -> c.quantile(2));
    }
}
