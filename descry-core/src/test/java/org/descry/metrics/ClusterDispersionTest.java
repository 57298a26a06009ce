package org.descry.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;

/** Centroids and counts by label value, with an absent label and noise left out. */
class ClusterDispersionTest {

    @Test
    void centroidsAndCountsByLabelValue() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0, 0}, {2, 2}, {10, 10}, {99, 99}, {12, 14}});
        int[] labels = {3, 3, 0, -1, 0};
        ClusterDispersion d = ClusterDispersion.of(x, labels, Noise.EXCLUDE, Progress.NONE);
        assertArrayEquals(new int[] {2, 0, 0, 2}, d.countsByLabel(4));
        float[] c = d.centroidsByLabel(4);
        assertArrayEquals(new float[] {11, 12}, new float[] {c[0], c[1]});
        assertTrue(Float.isNaN(c[2]) && Float.isNaN(c[5]));
        assertArrayEquals(new float[] {1, 1}, new float[] {c[6], c[7]});
        assertEquals(2, d.clusters());
    }
}
