package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.SharedData;
import org.descry.model.ModelStore;
import org.descry.outlier.Contamination;
import org.descry.outlier.OutlierMethod;
import org.descry.outlier.RankEnsemble;
import org.descry.outlier.ViewCombination;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case outlier model with the default combination ({@link ViewCombination#FISHER} within and across sets) on
 * 1,500 fashion-case rows and two sets: its training scores are Fisher's sum over the sets' ensemble ranks, new
 * rows are scored on the same scale, it saves as {@code outliers_version} 2 and loads to score identically, a
 * folder without the version (1) still loads, and a newer one is refused.
 */
class CaseOutliersVersionTest {

    @TempDir
    Path tmp;

    @Test
    void fisherAcrossSetsRoundTripAndVersions() throws IOException {
        Path fashion = SharedData.fashionCase();
        List<String> sets = List.of("color", "hog");
        OutlierMethod.Settings settings = new OutlierMethod.Settings(20, 8, 0.03, 0, 2);
        try (Case all = Case.open(fashion)) {
            Case train = all.select(IntStream.range(0, 1500).toArray());
            Case fresh = all.select(IntStream.range(8000, 8240).toArray());
            CaseOutliers.Model m = new CaseOutliers(sets, new Preprocessing(Scaler.L2, Pca.varianceFraction(0.9)),
                    OutlierMethod.ENSEMBLE, settings, ViewCombination.DEFAULT).fit(train, Progress.NONE);
            assertEquals(ViewCombination.FISHER, m.combination());
            List<double[]> perSet = m.models().stream().map(o -> o.scores()).toList();
            assertArrayEquals(RankEnsemble.combine(perSet, ViewCombination.FISHER), m.trainingScores(), 0);
            assertEquals(Contamination.threshold(m.trainingScores(), 0.03), m.threshold(), 0);
            int flagged = 0;
            for (boolean f : m.flags()) {
                flagged += f ? 1 : 0;
            }
            assertEquals(45, flagged, "3% of 1,500");

            List<FloatMatrix> raw = new ArrayList<>();
            for (String s : sets) {
                raw.add(fresh.descriptor(s));
            }
            double[] scores = m.score(raw);
            double most = 2 * -Math.log(ViewCombination.pValue(1, 1500));
            for (double v : scores) {
                assertTrue(v >= 0 && v <= most, "score " + v);
            }
            double[] expected = new double[scores.length];
            for (int s = 0; s < sets.size(); s++) {
                double[] own = m.models().get(s).score(m.steps().get(s).apply(raw.get(s)));
                double[] sorted = m.models().get(s).scores();
                Arrays.sort(sorted);
                for (int i = 0; i < own.length; i++) {
                    expected[i] -= Math.log(ViewCombination.pValue(RankEnsemble.rankAmong(sorted, own[i]), 1500));
                }
            }
            assertArrayEquals(expected, scores, 1e-12);

            Path dir = tmp.resolve("outliers");
            m.save(dir);
            ObjectNode manifest = (ObjectNode) ModelStore.readManifest(dir, CaseOutliers.Model.KIND);
            assertEquals(2, manifest.path("outliers_version").asInt());
            CaseOutliers.Model back = CaseOutliers.Model.load(dir);
            assertEquals(ViewCombination.FISHER, back.combination());
            assertArrayEquals(scores, back.score(raw), 0);

            manifest.remove("outliers_version");
            ModelStore.writeManifest(dir, manifest);
            assertArrayEquals(scores, CaseOutliers.Model.load(dir).score(raw), 0, "a version 1 folder loads");
            manifest.put("outliers_version", 3);
            ModelStore.writeManifest(dir, manifest);
            String message = assertThrows(DescryException.class, () -> CaseOutliers.Model.load(dir)).getMessage();
            assertTrue(message.contains("outliers_version 3 is not one this Descry reads (1 to 2)"), message);
        }
    }
}
