package org.descry.outlier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.cluster.GaussianMixture;
import org.descry.cluster.KMeans;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.metrics.RocAuc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** kNN distance, GMM NLL, centroid distance, the rank ensemble, the threshold and the method names. */
class MethodsTest {

    @Test
    void knnDistanceMatchesScikitLearnKneighbors() {
        FloatMatrix x = Fixtures.matrix("lof_x");
        LofTest.assertClose(Fixtures.vector("knn_kth_k20"), KnnDistance.of().fit(x, Progress.NONE).scores(), "kth");
        LofTest.assertClose(Fixtures.vector("knn_mean_k20"),
                KnnDistance.of().withMean(true).fit(x, Progress.NONE).scores(), "mean");
    }

    @Test
    void knnDistanceOfNewRowsCountsEveryTrainingRow() {
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 1, 3, 7}, 4, 1);
        KnnDistanceModel m = KnnDistance.of().withK(2).fit(x, Progress.NONE);
        assertArrayEquals(new double[] {3, 2, 3, 6}, m.scores(), 0);
        assertArrayEquals(new double[] {1, 8}, m.score(FloatMatrix.wrap(new float[] {1, 11}, 2, 1)), 0);
        assertArrayEquals(new double[] {1}, KnnDistance.of().withK(2).withMean(true).fit(x, Progress.NONE)
                .score(FloatMatrix.wrap(new float[] {2}, 1, 1)), 0);
    }

    @Test
    void gmmScoreIsNegatedScikitLearnLogLikelihood() {
        FloatMatrix x = Fixtures.matrix("iforest_x");
        GmmOutliers.Model m = GmmOutliers.of().fit(x, Progress.NONE);
        double[] sk = Fixtures.vector("gmm_nll");
        double[] s = m.scores();
        for (int i = 0; i < s.length; i++) {
            assertEquals(sk[i], s[i], 1e-4 * Math.max(1, Math.abs(sk[i])), "row " + i);
        }
        assertArrayEquals(s, m.score(x), 1e-9);
    }

    @Test
    void centroidDistanceRawAndRelative() {
        // two clusters on a line: {0, 1, 2} (centre 1, median distance 1) and {10, 14} (centre 12, median 2).
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 1, 2, 10, 14}, 5, 1);
        FloatMatrix init = FloatMatrix.wrap(new float[] {1, 12}, 2, 1);
        KMeans km = KMeans.of(2).withInitialCentres(init);
        CentroidDistanceModel raw = new CentroidDistance(km, false, 0.1).fit(x, Progress.NONE);
        assertArrayEquals(new double[] {1, 0, 1, 2, 2}, raw.scores(), 1e-6);
        CentroidDistanceModel rel = new CentroidDistance(km, true, 0.1).fit(x, Progress.NONE);
        assertArrayEquals(new double[] {1, 0, 1, 1, 1}, rel.scores(), 1e-6);
        assertArrayEquals(new double[] {1, 2}, rel.scale(), 1e-6);
        assertArrayEquals(new double[] {3, 1.5}, rel.score(FloatMatrix.wrap(new float[] {4, 15}, 2, 1)), 1e-6);
    }

    @Test
    void thresholdIsTheNumpyPercentileAndFlagsAreStrictlyAbove() {
        double[] s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(9.1, Contamination.threshold(s, 0.1), 1e-12);
        assertEquals(5.5, Contamination.threshold(s, 0.5), 1e-12);
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 100}, 10, 1);
        KnnDistanceModel m = KnnDistance.of().withK(1).withContamination(0.1).fit(x, Progress.NONE);
        boolean[] f = m.flags();
        for (int i = 0; i < 9; i++) {
            assertEquals(false, f[i], "row " + i);
        }
        assertTrue(f[9]);
    }

    @Test
    void normalisedRanksAverageTies() {
        assertArrayEquals(new double[] {0.125, 0.5, 0.5, 0.875},
                RankEnsemble.normalisedRanks(new double[] {-3, 2, 2, 7}), 1e-15);
        assertEquals(0.5, RankEnsemble.rankAmong(new double[] {1, 2, 3, 4}, 2.5), 0);
        assertEquals(0.375, RankEnsemble.rankAmong(new double[] {1, 2, 3, 4}, 2), 0);
        assertArrayEquals(new double[] {0.25, 0.75},
                RankEnsemble.combine(List.of(new double[] {1, 2}, new double[] {5, 9})), 1e-15);
    }

    static IntStream seeds() {
        return IntStream.range(0, 5);
    }

    /** Outliers 8 away from the centres of three unit Gaussian blobs, in random directions: every method and the ensemble rank them high. */
    @ParameterizedTest
    @MethodSource("seeds")
    void everyMethodFindsPlantedOutliers(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int inliers = 300;
        int outliers = 12;
        int d = 4;
        float[] v = new float[(inliers + outliers) * d];
        boolean[] truth = new boolean[inliers + outliers];
        for (int i = 0; i < inliers; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) ((i % 3) * 6 + r.nextGaussian());
            }
        }
        for (int i = inliers; i < inliers + outliers; i++) {
            truth[i] = true;
            double[] dir = new double[d];
            double norm = 0;
            for (int j = 0; j < d; j++) {
                dir[j] = r.nextGaussian();
                norm += dir[j] * dir[j];
            }
            int blob = r.nextInt(3);
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) (blob * 6 + 8 * dir[j] / Math.sqrt(norm));
            }
        }
        FloatMatrix x = FloatMatrix.wrap(v, inliers + outliers, d);
        OutlierMethod.Settings s = new OutlierMethod.Settings(10, 3, 0.05, seed, 2);
        for (OutlierMethod m : OutlierMethod.values()) {
            if (m == OutlierMethod.DENSE) {
                continue; // reads the other tail: scattered rows are its inliers (DenseGroupTest)
            }
            // a mixture of several components fits a broad one to scattered outliers: one component here
            OutlierDetector det = m == OutlierMethod.GMM ? GmmOutliers.of() : m.detector(s);
            OutlierModel model = det.fit(x, Progress.NONE);
            double auc = RocAuc.score(truth, model.scores());
            assertTrue(auc > 0.95, m + " seed " + seed + ": AUC " + auc);
            double newAuc = RocAuc.score(truth, model.score(x));
            assertTrue(newAuc > 0.9, m + " seed " + seed + ": AUC of the rows scored as new " + newAuc);
        }
    }

    @Test
    void methodNames() {
        for (OutlierMethod m : OutlierMethod.values()) {
            assertEquals(m, OutlierMethod.parse(m.cliName()));
        }
        assertEquals("knn-mean", OutlierMethod.KNN_MEAN.cliName());
        assertTrue(assertThrows(DescryException.class, () -> OutlierMethod.parse("svm")).getMessage()
                .startsWith("--method must be one of"));
        assertEquals("lof-range", OutlierMethod.LOF_RANGE.cliName());
        assertEquals("members must hold at least one detector, got none",
                assertThrows(IllegalArgumentException.class, () -> new RankEnsemble(List.of(), 0.1)).getMessage());
        assertTrue(GmmOutliers.of().withMixture(GaussianMixture.of(2)).mixture().k() == 2);
    }
}
