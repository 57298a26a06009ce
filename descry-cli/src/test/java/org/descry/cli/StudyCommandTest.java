package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.Case;
import org.descry.io.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code descry study} on a small demo case with a reduced grid, then a bad config file. */
class StudyCommandTest {

    @TempDir
    Path dir;

    @Test
    void studyWritesEveryOutputAndRefusesABadConfig() throws Exception {
        Path caseDir = dir.resolve("case");
        assertEquals(0, CliRun.of("make-case", caseDir.toString(), "--images", "300", "--seed", "3").status());
        Path config = dir.resolve("study.json");
        Files.writeString(config, """
                {"descriptors": ["color", "hog"], "algorithms": ["kmeans"], "k_min": 2, "k_max": 4,
                 "compare_scalers": ["l2"], "n_init": 1, "stability_repeats": 1}""");
        Path out = dir.resolve("study");
        CliRun r = CliRun.of("study", caseDir.toString(), "--out", out.toString(), "--config", config.toString(),
                "--threads", "1");
        assertEquals(1, org.descry.data.Workers.defaultThreads());
        org.descry.data.Workers.setDefaultThreads(Runtime.getRuntime().availableProcessors());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("recommended: "), r.out());
        assertTrue(r.err().contains("chosen for color: "), r.err());
        assertTrue(r.err().contains("step 1/14: outliers; study 0% done"), r.err());
        assertTrue(r.err().contains(": color: scaler choice; study ") && r.err().contains("scaler of color: "),
                r.err());
        assertTrue(r.err().contains(": hog: kmeans k sweep; study "), r.err());
        try (Case c = Case.open(caseDir)) {
            assertEquals(c.paths(), Csv.read(out.resolve("clusters.csv")).values("path"));
        }
        java.util.List<String> flagged = Csv.read(out.resolve("outliers.csv")).values("outlier");
        java.util.List<String> clusters = Csv.read(out.resolve("clusters.csv")).values("cluster");
        assertTrue(flagged.contains("1"));
        for (int i = 0; i < flagged.size(); i++) {
            assertEquals(flagged.get(i).equals("1"), clusters.get(i).equals("-1"), "row " + i);
        }
        assertTrue(Files.isRegularFile(out.resolve("study.json")));
        assertEquals(java.util.List.of("path", "score", "outlier"), Csv.read(out.resolve("outliers.csv")).header());
        assertTrue(Files.isRegularFile(out.resolve("grids/outliers.png")));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<h2>Recommendation</h2>") && html.contains("data-cluster=\"1\""), html);
        assertTrue(html.contains("<h2>Sample images per cluster</h2>") && html.contains("data:image/png;base64,"));
        assertTrue(Files.isRegularFile(out.resolve("plots/color-k.png")));
        assertTrue(Files.isRegularFile(out.resolve("plots/hog-map.png")));
        assertTrue(Files.isRegularFile(out.resolve("grids/color/index.png")));
        assertTrue(Files.isRegularFile(out.resolve("model/color/model.json")));
        assertTrue(Files.isRegularFile(out.resolve("model/hog/cluster/model.json")));
        try (var runs = Files.list(out.resolve("runs"))) {
            assertEquals(2 * 3 + 2, runs.count());
        }

        CliRun unbound = CliRun.of("name", out.toString(), "--attribute", "colour", "--set", "0=red");
        assertEquals(2, unbound.status());
        assertTrue(unbound.err().contains("give --source (one of color, hog)"), unbound.err());
        CliRun named = CliRun.of("name", out.toString(), "--attribute", "colour", "--source", "color", "--set",
                "0=red", "--set", "1=blue");
        assertEquals(0, named.status(), named.err());
        assertTrue(named.out().contains("colour (from color"), named.out());
        CliRun tooBig = CliRun.of("name", out.toString(), "--attribute", "colour", "--set", "99=red");
        assertEquals(2, tooBig.status());
        Path labels = dir.resolve("labels.csv");
        CliRun label = CliRun.of("label", out.toString(), caseDir.toString(), "--out", labels.toString());
        assertEquals(0, label.status(), label.err());
        assertEquals(java.util.List.of("path", "colour", "colour_confidence", "outlier", "outlier_score", "reason"),
                Csv.read(labels).header());
        assertTrue(Csv.read(labels).values("reason").contains("outlier"));
        assertTrue(Csv.read(labels).values("colour").contains("red"));
        assertTrue(Files.readString(out.resolve("model/names-history.jsonl")).contains("\"to\":\"blue\""));
        CliRun eval = CliRun.of("evaluate", labels.toString(), caseDir.resolve("labels.csv").toString(), "--plots",
                dir.resolve("eval").toString());
        assertEquals(0, eval.status(), eval.err());
        assertTrue(eval.out().startsWith("colour     accuracy "), eval.out());
        assertTrue(eval.out().contains("outliers   ROC-AUC "), eval.out());
        assertTrue(Files.isRegularFile(dir.resolve("eval/confusion-colour.png")));

        Files.writeString(config, "{\"k_max\": 1}");
        CliRun bad = CliRun.of("study", caseDir.toString(), "--out", out.toString(), "--config", config.toString());
        assertEquals(2, bad.status());
        assertEquals("descry: " + config + ": k_max must be >= k_min=2, got 1", bad.err().strip());
    }
}
