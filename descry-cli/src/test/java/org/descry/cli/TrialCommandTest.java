package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descry.io.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code descry trial} on a small demo case with a reduced grid, then {@code descry evaluate} agrees. */
class TrialCommandTest {

    @TempDir
    Path dir;

    @Test
    void trialWritesEveryOutputAndPrintsTheTable() throws Exception {
        Path caseDir = dir.resolve("case");
        assertEquals(0, CliRun.of("make-case", caseDir.toString(), "--images", "400", "--seed", "2").status());
        Path out = dir.resolve("trial");
        CliRun r = CliRun.of("trial", caseDir.toString(), "--truth", caseDir.resolve("labels.csv").toString(),
                "--group", "item", "--test-fraction", "0.25", "--max-clusters", "8", "--ks", "4,8,30",
                "--descriptors", "color,hog", "--scalers", "sqrt,hellinger", "--after-pca", "none,l2",
                "--seed", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("attribute chosen (inner validation)"), r.out());
        assertTrue(r.out().contains("ks [4, 8]"), r.out());
        assertTrue(r.out().matches("(?s).*\\ncolour +(color|hog) (sqrt|hellinger)(/l2)? "
                + "(umap-)?(kmeans|agglomerative) k=[48] .*"), r.out());
        assertTrue(r.out().contains("outliers  ROC-AUC"), r.out());
        assertTrue(r.out().contains("curve view "), r.out());
        for (String f : List.of("split.csv", "labels.csv", "trial.json", "accuracy-vs-clusters.png",
                "model/model.json", "model/names.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(List.of("path", "split"), Csv.read(out.resolve("split.csv")).header());
        long test = Csv.read(out.resolve("split.csv")).values("split").stream().filter("test"::equals).count();
        assertEquals(test, Csv.read(out.resolve("labels.csv")).rows().size());

        CliRun e = CliRun.of("evaluate", out.resolve("labels.csv").toString(),
                caseDir.resolve("labels.csv").toString());
        assertEquals(0, e.status(), e.err());
        String colourLine = e.out().lines().filter(l -> l.startsWith("colour")).findFirst().orElseThrow();
        String accuracy = colourLine.replaceAll(".*accuracy (\\d\\.\\d{3}) \\(withheld.*", "$1");
        String tableLine = r.out().lines().filter(l -> l.startsWith("colour ")).findFirst().orElseThrow();
        String printed = tableLine.replaceAll("^colour +\\S+ \\S+ \\S+ k=\\d+( vote)? +(\\d\\.\\d{4}) .*", "$2");
        assertEquals(accuracy, String.format(java.util.Locale.ROOT, "%.3f", Double.parseDouble(printed)),
                "evaluate and the trial's table agree\n" + r.out());

        CliRun bad = CliRun.of("trial", caseDir.toString(), "--truth", caseDir.resolve("labels.csv").toString(),
                "--group", "nosuch", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("nosuch"), bad.err());
    }
}
