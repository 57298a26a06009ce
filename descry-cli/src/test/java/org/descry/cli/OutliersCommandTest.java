package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.Csv;
import org.descry.outlier.Lof;
import org.descry.preprocess.Scaler;
import org.descry.study.Preprocessing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code descry outliers} on a small demo case with planted outliers. */
class OutliersCommandTest {

    @TempDir
    static Path dir;
    static Path caseDir;

    @BeforeAll
    static void makeCase() {
        caseDir = dir.resolve("case");
        CliRun mk = CliRun.of("make-case", caseDir.toString(), "--images", "300", "--seed", "5");
        assertEquals(0, mk.status(), mk.err());
    }

    @Test
    void lofScoresEqualTheLibraryAndTheTopFractionIsFlagged() throws Exception {
        Path out = dir.resolve("lof.csv");
        CliRun r = CliRun.of("outliers", caseDir.toString(), "--descriptor", "hog", "--method", "lof",
                "--scaler", "standard", "--pca", "none", "--contamination", "0.1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("lof on hog"), r.out());
        Csv.Table t = Csv.read(out);
        assertEquals(List.of("path", "score", "outlier"), t.header());
        try (Case c = Case.open(caseDir)) {
            FloatMatrix x = new Preprocessing(Scaler.fromName("standard"), null).fit(c.descriptor("hog"),
                    Progress.NONE).reduced();
            double[] expected = Lof.of().fit(x, Progress.NONE).scores();
            double[] got = new double[expected.length];
            int flagged = 0;
            for (int i = 0; i < got.length; i++) {
                String[] row = t.rows().get(i);
                assertEquals(c.paths().get(i), row[0]);
                got[i] = Double.parseDouble(row[1]);
                flagged += row[2].equals("1") ? 1 : 0;
            }
            assertArrayEquals(expected, got, 0);
            assertEquals(30, flagged);
        }
    }

    @Test
    void defaultEnsembleOverAllSetsWithTruth() throws Exception {
        Path labels = dir.resolve("labels.csv");
        try (Case c = Case.open(caseDir)) {
            StringBuilder sb = new StringBuilder("paths,outlier\n");
            for (int i = 0; i < c.rows(); i++) {
                sb.append(Csv.quote(c.paths().get(i))).append(',').append(i % 10 == 0 ? "x" : "").append('\n');
            }
            Files.writeString(labels, sb);
        }
        Path out = dir.resolve("ens.csv");
        CliRun r = CliRun.of("outliers", caseDir.toString(), "--out", out.toString(), "--truth", labels.toString(),
                "--column", "outlier");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("ensemble on "), r.out());
        assertTrue(r.out().contains("sets combined by fisher rank"), r.out());
        Matcher m = Pattern.compile("\\(30 outliers, 10.00%\\): ROC-AUC ([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(300, Csv.read(out).rows().size());
    }

    @Test
    void badOptionsAreOneLineErrors() {
        Path out = dir.resolve("bad.csv");
        CliRun r = CliRun.of("outliers", caseDir.toString(), "--method", "svm", "--out", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--method must be one of"), r.err());
        r = CliRun.of("outliers", caseDir.toString(), "--contamination", "0.7", "--out", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("contamination must be in (0, 0.5], got 0.7"), r.err());
        r = CliRun.of("outliers", caseDir.toString(), "--combine", "sum", "--out", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--combine must be fisher, max or mean, got 'sum'"), r.err());
        assertTrue(!Files.exists(out));
    }

    @Test
    void newMethodsRunFromTheCommandLine() throws Exception {
        for (String method : new String[] {"hdbscan", "cblof", "lof-range", "dense"}) {
            Path out = dir.resolve(method + ".csv");
            CliRun r = CliRun.of("outliers", caseDir.toString(), "--descriptor", "hog", "--method", method,
                    "--out", out.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains(method + " on hog"), r.out());
            assertEquals(300, Csv.read(out).rows().size());
        }
    }
}
