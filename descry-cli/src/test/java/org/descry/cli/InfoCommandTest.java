package org.descry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: {@code descry info} on the shared files and on broken input. */
class InfoCommandTest {

    static Path shared() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolveSibling("shared").resolve("data");
            if (Files.isDirectory(s)) {
                return s;
            }
        }
        assumeTrue(false, "../shared/data not found: skipping");
        return null;
    }

    @Test
    void fashionCaseListsFourSetsAndFindsImages() throws Exception {
        Path fashion = shared().resolve("fashion-case");
        CliRun r = CliRun.of("info", fashion.toString());
        assertEquals(0, r.status(), r.err());
        for (String s : List.of("color", "hog", "pixels", "randconv", "8,240 rows x 68", "8,240 rows x 324",
                "8,240 rows x 1,024", "8,240 rows x 256", "found fashion\\1\\00001\\000001.jpg")) {
            assertTrue(r.out().contains(s), s + " missing in:\n" + r.out());
        }
        JsonNode j = new ObjectMapper().readTree(CliRun.of("info", fashion.toString(), "--json").out());
        assertEquals(8240, j.get("images").asInt());
        List<Integer> widths = new ArrayList<>();
        j.get("descriptors").forEach(d -> widths.add(d.get("shape").get(1).asInt()));
        assertEquals(List.of(68, 324, 1024, 256), widths);
    }

    @Test
    void singleFileJsonMatchesExpected() throws Exception {
        Path pickles = shared().resolve("pickles");
        JsonNode expected = new ObjectMapper().readTree(pickles.resolve("expected.json").toFile());
        for (String name : List.of("np1-f32-nan-p4.pickle", "np2-float64-p4.pickle", "np1-f32.npy")) {
            CliRun r = CliRun.of("info", pickles.resolve(name).toString(), "--json");
            assertEquals(0, r.status(), r.err());
            JsonNode j = new ObjectMapper().readTree(r.out());
            JsonNode e = expected.get(name);
            assertEquals(e.get("shape"), j.get("shape"));
            assertEquals(e.get("dtype").asText(), j.get("dtype").asText());
            assertEquals(e.get("nan_count").asLong(), j.get("nan_count").asLong());
            assertEquals(e.get("sum").asDouble(), j.get("sum").asDouble(), 1e-6 * Math.abs(e.get("sum").asDouble()) + 1e-6);
        }
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        CliRun missing = CliRun.of("info", dir.resolve("nope.pickle").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("nope.pickle"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        Files.writeString(dir.resolve("images_paths.csv"), "paths\na.jpg\nb.jpg\n");
        Files.createDirectories(dir.resolve("descriptors"));
        NumpyWriter.writePickle(dir.resolve("descriptors/osnet.pickle"), FloatMatrix.zeros(3, 4));
        CliRun mismatch = CliRun.of("info", dir.toString());
        assertEquals(2, mismatch.status());
        assertTrue(mismatch.err().contains("osnet.pickle has 3 rows") && mismatch.err().contains("has 2"), mismatch.err());
        assertEquals(1, mismatch.err().strip().lines().count(), mismatch.err());
        assertTrue(!mismatch.err().contains("Exception"), mismatch.err());
    }

    @Test
    void hostilePickleIsRefusedByInfo() throws Exception {
        Path pickles = shared().resolve("pickles");
        CliRun r = CliRun.of("info", pickles.resolve("hostile-os-system.pickle").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("hostile-os-system.pickle") && r.err().contains("posix"), r.err());
    }

    @Test
    void nonFiniteRowsAreCountedAndCanBeDropped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("images_paths.csv"), "paths\na.jpg\nb.jpg\nc.jpg\n");
        Files.createDirectories(dir.resolve("descriptors"));
        NumpyWriter.writePickle(dir.resolve("descriptors/osnet.pickle"),
                FloatMatrix.fromRows(new float[][] {{1, 2}, {Float.NaN, 3}, {4, Float.NaN}}));
        CliRun plain = CliRun.of("info", dir.toString());
        assertEquals(0, plain.status(), plain.err());
        assertTrue(plain.out().contains("NaN 2  Inf 0  rows with NaN/Inf 2"), plain.out());
        CliRun dropped = CliRun.of("info", dir.toString(), "--drop-nonfinite", "--json");
        assertEquals(0, dropped.status(), dropped.err());
        JsonNode j = new ObjectMapper().readTree(dropped.out());
        assertEquals(1, j.get("images").asInt());
        assertEquals(2, j.get("dropped_rows").asInt());
        assertTrue(dropped.err().contains("2 rows hold NaN or Inf"), dropped.err());
    }
}
