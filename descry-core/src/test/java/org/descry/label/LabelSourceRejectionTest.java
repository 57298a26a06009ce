package org.descry.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ClusterModel;
import org.descry.model.Provenance;
import org.descry.preprocess.Scaler;
import org.descry.study.Clustering;
import org.descry.study.DescriptorMix;
import org.descry.study.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two reject rules on one long thin cluster (standard deviation 10 along x, 0.1 along y): a row 2 off the
 * axis is near the centroid, so the distance rule keeps it, but 20 deviations out across the cluster, so the
 * likelihood rule withholds it; a row 5 along the axis is kept by both; the training quantile sets how many
 * members each rule withholds; the likelihood rule survives save and load.
 */
class LabelSourceRejectionTest {

    @TempDir
    Path dir;

    private static LabelSource source(LabelSource.Rejection rule, double quantile) {
        int n = 2000;
        float[] a = new float[n * 2];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            a[2 * i] = (float) (10 * r.nextGaussian());
            a[2 * i + 1] = (float) (0.1 * r.nextGaussian());
        }
        FloatMatrix x = FloatMatrix.wrap(a, n, 2);
        DescriptorMix.Fitted f = DescriptorMix.parse("thin").fit(List.of(x), new Preprocessing(Scaler.NONE, null),
                Progress.NONE);
        ClusterModel km = new Clustering("kmeans", 1, 0).fit(f.mixed(), Progress.NONE);
        return LabelSource.calibrate("thin", f.mix(), km, f.mixed(), quantile, rule,
                Provenance.of("test", Map.of(), 0, "test"));
    }

    private static boolean[] far(LabelSource s, float[]... rows) {
        return s.assign(List.of(FloatMatrix.fromRows(rows)), new String[] {"thin"}).far();
    }

    @Test
    void likelihoodFollowsTheClusterShapeDistanceDoesNot() throws Exception {
        LabelSource distance = source(LabelSource.Rejection.DISTANCE, 0.99);
        LabelSource likelihood = source(LabelSource.Rejection.LIKELIHOOD, 0.99);
        float[][] rows = {{0, 2}, {5, 0}, {200, 0}};
        assertArrayEquals(new boolean[] {false, false, true}, far(distance, rows));
        assertArrayEquals(new boolean[] {true, false, true}, far(likelihood, rows));
        assertArrayEquals(new boolean[3], far(source(LabelSource.Rejection.NONE, 0.99), rows));

        likelihood.save(dir.resolve("src"));
        LabelSource back = LabelSource.load(dir.resolve("src"));
        assertEquals(LabelSource.Rejection.LIKELIHOOD, back.rejection());
        assertArrayEquals(likelihood.floor(), back.floor());
        assertArrayEquals(far(likelihood, rows), far(back, rows));
        distance.save(dir.resolve("d"));
        assertEquals(LabelSource.Rejection.DISTANCE, LabelSource.load(dir.resolve("d")).rejection());
    }

    @Test
    void theQuantileSetsTheShareOfTrainingRowsWithheld() {
        for (LabelSource.Rejection rule : List.of(LabelSource.Rejection.DISTANCE, LabelSource.Rejection.LIKELIHOOD)) {
            for (double q : new double[] {0.9, 0.99, 1.0}) {
                LabelSource s = source(rule, q);
                SplittableRandom r = new SplittableRandom(7);
                float[][] rows = new float[2000][];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = new float[] {(float) (10 * r.nextGaussian()), (float) (0.1 * r.nextGaussian())};
                }
                int withheld = 0;
                for (boolean b : far(s, rows)) {
                    withheld += b ? 1 : 0;
                }
                assertEquals(Math.round((1 - q) * 2000), withheld, 2, rule + " at " + q);
            }
        }
        assertFalse(far(source(LabelSource.Rejection.LIKELIHOOD, 1.0), new float[] {1, 0.05f})[0]);
    }

    @Test
    void badRuleName() {
        assertTrue(assertThrows(DescryException.class, () -> LabelSource.Rejection.parse("mahalanobis"))
                .getMessage().contains("rejection must be distance|likelihood|none, got 'mahalanobis'"));
    }
}
