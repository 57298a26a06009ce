package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.descry.data.Case;
import org.descry.io.Csv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code descry demo}, {@code make-case} and {@code describe} on real files in a temporary folder. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoMakesChecksAndThenReusesTheCase() throws Exception {
        Path d = dir.resolve("demo");
        CliRun first = CliRun.of("demo", "--dir", d.toString(), "--images", "240");
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().contains("Drawing a demo case of 240"), first.out());
        assertTrue(first.out().contains("240 images in images_paths.csv"), first.out());
        assertTrue(first.out().matches("(?s).*colour from color, k=8: NMI 0\\.[5-9].*"), first.out());
        assertTrue(first.out().contains("The report (open it in a browser): "), first.out());
        for (String f : List.of("case/row_data/demo.zip", "case/labels.csv", "case/images_paths.csv",
                "case/descriptors/hog.pickle", "sample-images.png", "info.txt", "info.json",
                "clusters-color-colour.csv", "clusters-hog-type.model/model.json", "study/report.html",
                "study/clusters.csv", "study/study.json", "study/model/model.json", "study/grids/hog/index.png")) {
            assertTrue(Files.isRegularFile(d.resolve(f)), f);
        }
        try (Case c = Case.open(d.resolve("case"))) {
            assertEquals(List.of("color", "hog", "pixels", "randconv"), c.descriptorNames());
            assertEquals(c.paths(), Csv.read(d.resolve("case/labels.csv")).values("paths"));
        }
        CliRun again = CliRun.of("demo", "--dir", d.toString(), "--images", "240");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("Reusing the demo case"), again.out());
    }

    @Test
    void describeTurnsAZipIntoACase() throws Exception {
        Path made = dir.resolve("made");
        CliRun mk = CliRun.of("make-case", made.toString(), "--images", "60", "--seed", "3");
        assertEquals(0, mk.status(), mk.err());
        Path described = dir.resolve("described");
        CliRun r = CliRun.of("describe", made.resolve("row_data/demo.zip").toString(), "--out", described.toString());
        assertEquals(0, r.status(), r.err());
        try (Case c = Case.open(described); Case m = Case.open(made)) {
            assertEquals(60, c.rows());
            assertEquals(m.paths(), c.paths());
            assertEquals(m.descriptor("hog").get(7, 11), c.descriptor("hog").get(7, 11), 1e-6f);
            assertTrue(c.images().contains(c.paths().get(59)));
        }
    }

    @Test
    void badValuesAreOneLineErrors() {
        CliRun r = CliRun.of("make-case", dir.resolve("x").toString(), "--images", "0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("images") && r.err().contains("0"), r.err());
        CliRun z = CliRun.of("describe", dir.resolve("none.zip").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, z.status());
        assertTrue(z.err().contains("none.zip"), z.err());
    }
}
