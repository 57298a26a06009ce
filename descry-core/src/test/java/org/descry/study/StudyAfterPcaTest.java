package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descry.data.Case;
import org.descry.data.Progress;
import org.descry.io.SharedData;
import org.descry.label.LabelBundle;
import org.descry.label.LabelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "after_pca": "l2"} in the study config: the chosen run's label source carries the l2 step after the PCA
 * (its rows are unit vectors), and a rerun into the same folder without it refits the runs instead of reading back
 * runs fitted on other rows; {@code "assignment": "vote"} saves the source with its members' vote.
 */
class StudyAfterPcaTest {

    @TempDir
    Path out;

    @Test
    void theStudyNormalisesAfterThePcaAndRefitsWhenThatChanges() throws Exception {
        var json = StudyConfig.DEFAULT.toJson();
        json.putArray("descriptors").add("color");
        json.putArray("scalers").add("hellinger");
        json.putArray("algorithms").add("kmeans");
        json.putArray("compare_scalers");
        json.put("k_min", 2).put("k_max", 3).put("stability_repeats", 0)
                .put("silhouette_sample", 500).put("grid_images", 2).put("outliers", false)
                .put("after_pca", "l2");
        StudyConfig config = StudyConfig.fromJson(json);
        List<String> lines = new ArrayList<>();
        try (Case all = Case.open(SharedData.fashionCase())) {
            Case c = all.select(java.util.stream.IntStream.range(0, 1500).toArray());
            Study.run(c, config, out, lines::add, Progress.NONE);
            LabelSource s = LabelBundle.load(out.resolve("model")).sources().get("color");
            assertNotNull(s.mix().steps().get(0).after(), "the source keeps the step after the PCA");
            var reduced = s.mix().apply(List.of(c.descriptor("color").rowRange(0, 10)));
            for (int i = 0; i < reduced.rows(); i++) {
                double n = 0;
                for (float v : reduced.rowArray(i)) {
                    n += v * v;
                }
                assertEquals(1, n, 1e-5);
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains("PCA 0.9, then l2")), lines.toString());
            assertFalse(lines.stream().anyMatch(l -> l.contains("refitting them")));

            lines.clear();
            json.put("after_pca", "none");
            Study.run(c, StudyConfig.fromJson(json), out, lines::add, Progress.NONE);
            assertTrue(lines.stream().anyMatch(l -> l.contains("their preprocessing changed")), lines.toString());
            assertNull(LabelBundle.load(out.resolve("model")).sources().get("color").mix().steps().get(0).after());
            assertEquals("centroid", LabelBundle.load(out.resolve("model")).sources().get("color").assignment());

            json.put("assignment", "vote");
            Study.run(c, StudyConfig.fromJson(json), out, lines::add, Progress.NONE);
            LabelSource voting = LabelBundle.load(out.resolve("model")).sources().get("color");
            assertEquals("vote", voting.assignment(), "the source votes");
            assertEquals(1500, voting.vote().clusters().length, "every clustered row votes");
            String[] names = new String[voting.clustering().k()];
            java.util.Arrays.fill(names, "x");
            names[0] = "first";
            var a = voting.assign(List.of(c.descriptor("color").rowRange(0, 200)), names);
            int[] trained = voting.clustering().labels();
            int agree = 0;
            for (int i = 0; i < 200; i++) {
                agree += (trained[i] == 0) == (names[a.cluster()[i]].equals("first")) ? 1 : 0;
            }
            assertTrue(agree >= 190, "the training rows mostly get their own cluster's name back: " + agree);
        }
    }
}
