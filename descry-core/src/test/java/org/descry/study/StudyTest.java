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
import org.descry.metrics.TruthLabels;
import org.descry.model.ModelStore;
import org.descry.preprocess.Scaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study on the fashion case with a reduced grid (color and hog, k = 2..30, one scaler compared): outliers come
 * first and are noise in every clusters.csv, every output is written, each set's scaler is chosen (sqrt for the
 * colour histograms, standard for HOG) and recorded, each set's run is a knee with a reason, the chosen runs
 * recover colour (NMI >= 0.86, plain scikit-learn's figure) and type, progress reaches the end step by step, and a
 * rerun resumes.
 */
class StudyTest {

    private static final int RUNS_PER_SET = 29 + 29 + 1;

    @TempDir
    Path out;

    @Test
    void fashionCaseReducedGrid() throws Exception {
        Path dir = SharedData.fashionCase();
        var json = StudyConfig.DEFAULT.toJson();
        json.putArray("descriptors").add("color").add("hog");
        json.putArray("algorithms").add("kmeans").add("agglomerative").add("hdbscan");
        json.putArray("compare_scalers").add("l2");
        json.put("k_min", 2).put("k_max", 30).put("stability_repeats", 1)
                .put("silhouette_sample", 2000);
        StudyConfig config = StudyConfig.fromJson(json);
        List<String> lines = new ArrayList<>();
        List<StudyProgress.Status> statuses = new ArrayList<>();
        Study.Result r;
        try (Case c = Case.open(dir)) {
            r = Study.run(c, config, out, lines::add, (StudyProgress) statuses::add);
        }
        StudyProgress.Status first = statuses.get(0);
        assertEquals("outliers", first.step());
        int steps = 1 + 2 * (1 + 1 + 3 + 1 + 1 + 1) + 1;
        assertEquals(steps, first.steps());
        assertTrue(statuses.stream().anyMatch(s -> s.step().equals("hog: kmeans k sweep") && s.total() == 29
                && s.done() == 29), "the k sweep counts its runs");
        assertEquals(steps, statuses.get(statuses.size() - 1).stepNumber());
        for (int i = 1; i < statuses.size(); i++) {
            assertTrue(statuses.get(i).stepNumber() >= statuses.get(i - 1).stepNumber());
        }
        assertTrue(lines.contains("step 1/" + steps + ": outliers; study 0% done"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("step 2/" + steps + ": color: scaler choice; study ")),
                "the scaler choice is a step");
        assertTrue(statuses.stream().anyMatch(s -> s.step().equals("color: scaler choice") && s.total() == 2
                && s.done() == 2), "one unit per candidate scaler");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("step 4/" + steps + ": color: kmeans k sweep; study ")
                && l.contains("% done, ETA ")), lines.toString());

        assertEquals(2 * RUNS_PER_SET + 2, r.runs().size(), "the grid's runs and one l2 run per descriptor set");
        assertEquals(2, r.choices().size());
        for (Study.Choice ch : r.choices()) {
            assertTrue(ch.why().contains("knee of the within-cluster dispersion curve"), ch.why());
            assertTrue(Files.isRegularFile(out.resolve("model").resolve(ch.descriptor()).resolve("model.json")));
        }
        assertEquals(Scaler.SQRT, r.choices().get(0).scaler().chosen(), r.choices().get(0).scaler().explanation());
        assertEquals(Scaler.STANDARD, r.choices().get(1).scaler().chosen(), r.choices().get(1).scaler().explanation());
        assertTrue(r.runs().stream().filter(run -> run.descriptor().equals("color") && !run.scaler().equals("l2"))
                .allMatch(run -> run.scaler().equals("sqrt")), "only the chosen scaler is swept");
        RunResult colour = r.choices().get(0).run();
        assertTrue(Files.isDirectory(out.resolve("runs").resolve(RunResult.idOf("color", "l2", colour.algorithm(),
                colour.k()))));
        for (String f : List.of("outliers.csv", "report.html", "study.json", "model/model.json",
                "model/outliers/model.json", "plots/color-k.png", "plots/color-map.png", "plots/color-umap.png", "plots/hog-umap.png", "plots/color-variance.png",
                "plots/outlier-scores.png", "grids/color/index.png", "grids/hog/index.png",
                "grids/outliers.png", "grids/disagree-color-hog.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        var study = ModelStore.json().readTree(out.resolve("study.json").toFile());
        assertEquals(r.recommended().run().id(), study.get("recommended").asText());
        assertEquals(2 * RUNS_PER_SET + 2, study.get("runs").size());
        var colourChoice = study.get("choices").get(0);
        assertEquals("sqrt", colourChoice.get("scaler").asText());
        assertTrue(colourChoice.get("scaler_skewness").get("standard").asDouble()
                > colourChoice.get("scaler_skewness").get("sqrt").asDouble(), colourChoice.toString());
        assertEquals(r.choices().get(0).scaler().explanation(), colourChoice.get("scaler_why").asText());
        assertTrue(Files.readString(out.resolve("report.html")).contains("Scaler: sqrt scaling leaves the columns "
                + "closest to symmetric"));
        for (Study.AlgorithmAgreement g : r.algorithmAgreement()) {
            assertEquals(3, g.runs().size(), "one pick per algorithm of " + g.descriptor());
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(g.ari()[i * 3 + j], g.ari()[j * 3 + i], 1e-12, "symmetric");
                }
            }
            for (int i = 0; i < 2; i++) {
                String id = g.runs().get(i);
                assertTrue(id.contains(i == 0 ? "kmeans" : "agglomerative"), id);
                assertEquals(1.0, g.ari()[i * 3 + i], 1e-12);
                assertEquals(1.0, study.get("algorithm_agreement").get(g.descriptor()).get(id).get(id).get("ari")
                        .asDouble(), 1e-12);
            }
            assertTrue(g.ari()[1] > 0.2, "k-means and agglomerative on " + g.descriptor() + ": ARI " + g.ari()[1]);
        }
        assertEquals(2, r.algorithmAgreement().size());
        assertTrue(Files.readString(out.resolve("report.html")).contains("Agreement between algorithms"));

        Csv.Table outliers = Csv.read(out.resolve("outliers.csv"));
        List<String> flagged = outliers.values("outlier");
        int outlierRows = (int) flagged.stream().filter("1"::equals).count();
        assertTrue(outlierRows > 100 && outlierRows < 400, "flagged " + outlierRows);
        Csv.Table chosen = Csv.read(out.resolve("clusters.csv"));
        assertEquals(List.of("path", "cluster"), chosen.header());
        assertEquals(outliers.values("path"), chosen.values("path"));
        List<List<String>> csvs = new ArrayList<>();
        csvs.add(chosen.values("cluster"));
        for (RunResult run : r.runs()) {
            Path csv = out.resolve("runs").resolve(run.id()).resolve("clusters.csv");
            assertTrue(Files.isRegularFile(csv), run.id());
            if (run.algorithm().equals("kmeans")) {
                csvs.add(Csv.read(csv).values("cluster"));
            }
        }
        for (List<String> clusters : csvs) {
            for (int i = 0; i < flagged.size(); i++) {
                assertEquals(flagged.get(i).equals("1"), clusters.get(i).equals("-1"),
                        "row " + i + " outlier " + flagged.get(i) + " cluster " + clusters.get(i));
            }
        }
        assertEquals(0, r.recommended().run().noiseRows(), "outliers are not the run's own noise");
        try (Case c = Case.open(dir)) {
            double colourNmi = nmi(dir, c, "colour", r.choices().get(0).labels());
            double typeNmi = nmi(dir, c, "type", r.choices().get(1).labels());
            assertTrue(colourNmi >= 0.86, "colour NMI of the chosen color run " + colourNmi + ": "
                    + r.choices().get(0).why());
            assertTrue(typeNmi >= 0.39, "type NMI of the chosen hog run " + typeNmi + ": " + r.choices().get(1).why());

            List<String> again = new ArrayList<>();
            Study.Result r2 = Study.run(c, config, out, again::add, Progress.NONE);
            assertEquals(r.recommended().run().id(), r2.recommended().run().id());
            assertTrue(again.stream().anyMatch(l -> l.startsWith("reusing preprocessed color")), again.toString());
            assertTrue(again.stream().noneMatch(l -> l.contains(": CH ")), again.toString());
        }
    }

    /**
     * NMI against labels.csv over the inliers with a truth value (the study's outliers, -1 in {@code labels}, are
     * left out, as in docs/study-k-rule.md).
     */
    static double nmi(Path dir, Case c, String column, int[] labels) throws java.io.IOException {
        int[] truth = LabelFiles.truthByRow(dir.resolve("labels.csv"), column, c.paths());
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != TruthLabels.MISSING && labels[i] >= 0) {
                keep.add(i);
            }
        }
        return NormalizedMutualInfo.score(keep.stream().mapToInt(i -> truth[i]).toArray(),
                keep.stream().mapToInt(i -> labels[i]).toArray());
    }
}
