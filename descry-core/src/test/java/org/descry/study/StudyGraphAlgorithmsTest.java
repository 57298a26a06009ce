package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descry.cluster.LeidenModel;
import org.descry.cluster.UmapClustering;
import org.descry.data.Case;
import org.descry.data.Progress;
import org.descry.io.SharedData;
import org.descry.label.LabelBundle;
import org.descry.label.LabelSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph-following algorithms in the study config. {@code umap-kmeans}: the study sweeps k in a UMAP embedding
 * of the set, chooses a run, and its label source reloads with the embedding and gives the training rows their
 * clusters back. {@code leiden}: one neighbour graph serves the whole k sweep, and the chosen source reloads.
 */
class StudyGraphAlgorithmsTest {

    @TempDir
    Path out;

    private static StudyConfig config(String algorithm) {
        var json = StudyConfig.DEFAULT.toJson();
        json.putArray("descriptors").add("color");
        json.putArray("scalers").add("hellinger");
        json.putArray("algorithms").add(algorithm);
        json.putArray("compare_scalers");
        json.put("k_min", 3).put("k_max", 5).put("stability_repeats", 0)
                .put("silhouette_sample", 500).put("grid_images", 2).put("outliers", false);
        return StudyConfig.fromJson(json);
    }

    @Test
    void leidenSweepsKAndItsSourceReloads() throws Exception {
        try (Case all = Case.open(SharedData.fashionCase())) {
            Case c = all.select(java.util.stream.IntStream.range(0, 1200).toArray());
            Study.run(c, config("leiden"), out, line -> { }, Progress.NONE);
            LabelSource s = LabelBundle.load(out.resolve("model")).sources().get("color");
            LeidenModel m = (LeidenModel) s.clustering();
            assertEquals(1200, m.labels().length);
            assertTrue(m.k() >= 2 && m.k() <= 5, "k " + m.k());
            assertTrue(m.modularity() > 0.3, "modularity " + m.modularity());
            assertArrayEquals(m.predict(m.centroids()), java.util.stream.IntStream.range(0, m.k()).toArray());
        }
    }

    @Test
    void theStudyClustersInOneEmbeddingAndItsSourceReloads() throws Exception {
        StudyConfig config = config("umap-kmeans");
        List<String> lines = new ArrayList<>();
        try (Case all = Case.open(SharedData.fashionCase())) {
            Case c = all.select(java.util.stream.IntStream.range(0, 1200).toArray());
            Study.run(c, config, out, lines::add, Progress.NONE);
            LabelSource s = LabelBundle.load(out.resolve("model")).sources().get("color");
            UmapClustering u = (UmapClustering) s.clustering();
            assertEquals(Clustering.UMAP_COMPONENTS, u.embedding().embedding().cols());
            assertEquals(1200, u.labels().length);
            int k = u.k();
            assertTrue(k >= 3 && k <= 5, "k " + k);
            int[] back = u.predict(s.mix().apply(List.of(c.descriptor("color"))));
            int same = 0;
            for (int i = 0; i < back.length; i++) {
                same += back[i] == u.labels()[i] ? 1 : 0;
            }
            assertTrue(same >= 0.95 * back.length, same + " of " + back.length + " training rows keep their cluster");
        }
    }
}
