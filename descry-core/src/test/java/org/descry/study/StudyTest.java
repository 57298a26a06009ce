package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descry.data.Case;
import org.descry.data.Progress;
import org.descry.io.Csv;
import org.descry.io.LabelFiles;
import org.descry.io.SharedData;
import org.descry.metrics.NormalizedMutualInfo;
import org.descry.model.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study on the fashion case with a reduced grid: every output is written, each descriptor set gets a choice
 * with a reason, a rerun resumes from the runs on disk, and the chosen colour clustering recovers colour.
 */
class StudyTest {

    @TempDir
    Path out;

    @Test
    void fashionCaseReducedGrid() throws Exception {
        Path dir = SharedData.fashionCase();
        var json = StudyConfig.DEFAULT.toJson();
        json.putArray("descriptors").add("color").add("hog+color");
        json.putArray("algorithms").add("kmeans").add("hdbscan").add("agglomerative");
        json.putArray("compare_scalers").add("l2");
        json.put("k_min", 6).put("k_max", 9).put("n_init", 1).put("stability_repeats", 1)
                .put("silhouette_sample", 2000);
        StudyConfig config = StudyConfig.fromJson(json);
        List<String> lines = new ArrayList<>();
        long[] last = {0, 0};
        Study.Result r;
        try (Case c = Case.open(dir)) {
            r = Study.run(c, config, out, lines::add, (done, total) -> {
                last[0] = done;
                last[1] = total;
            });
        }
        assertEquals(18, last[1]);
        assertEquals(18 + 2, r.runs().size(), "the grid's runs and one l2 run per descriptor set");
        assertTrue(r.runs().stream().anyMatch(x -> x.id().equals("hog+color__standard__hdbscan")));
        assertEquals(2, r.choices().size());
        for (Study.Choice ch : r.choices()) {
            assertTrue(ch.why().contains("mean rank"), ch.why());
            assertTrue(Files.isRegularFile(out.resolve("model").resolve(ch.descriptor()).resolve("model.json")));
        }
        for (RunResult run : r.runs()) {
            assertTrue(Files.isRegularFile(out.resolve("runs").resolve(run.id()).resolve("clusters.csv")), run.id());
        }
        RunResult colour = r.choices().get(0).run();
        assertTrue(Files.isDirectory(out.resolve("runs").resolve(RunResult.idOf("color", "l2", colour.algorithm(),
                colour.k()))));
        for (String f : List.of("outliers.csv", "report.html", "study.json", "model/model.json",
                "model/outliers/model.json", "plots/color-k.png", "plots/color-map.png", "plots/color-umap.png", "plots/hog+color-umap.png", "plots/color-variance.png",
                "plots/outlier-scores.png", "grids/color/index.png", "grids/hog+color/index.png",
                "grids/outliers.png", "grids/disagree-color-hog+color.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(List.of("path", "score", "outlier"), Csv.read(out.resolve("outliers.csv")).header());
        Csv.Table chosen = Csv.read(out.resolve("clusters.csv"));
        assertEquals(List.of("path", "cluster"), chosen.header());
        var study = ModelStore.json().readTree(out.resolve("study.json").toFile());
        assertEquals(r.recommended().run().id(), study.get("recommended").asText());
        assertEquals(18 + 2, study.get("runs").size());

        try (Case c = Case.open(dir)) {
            int[] truth = LabelFiles.truthByRow(dir.resolve("labels.csv"), "colour", c.paths());
            int[] color = r.choices().get(0).labels();
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] != org.descry.metrics.TruthLabels.MISSING) {
                    keep.add(i);
                }
            }
            int[] t = keep.stream().mapToInt(i -> truth[i]).toArray();
            int[] p = keep.stream().mapToInt(i -> color[i]).toArray();
            double nmi = NormalizedMutualInfo.score(t, p);
            assertTrue(nmi > 0.7, "colour NMI of the chosen color run " + nmi + ": " + r.choices().get(0).why());

            List<String> again = new ArrayList<>();
            Study.Result r2 = Study.run(c, config, out, again::add, Progress.NONE);
            assertEquals(r.recommended().run().id(), r2.recommended().run().id());
            assertTrue(again.stream().anyMatch(l -> l.startsWith("reusing preprocessed color")), again.toString());
            assertTrue(again.stream().noneMatch(l -> l.contains(": CH ")), again.toString());
        }
    }
}
