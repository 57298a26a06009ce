package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.data.Case;
import org.descry.data.FloatMatrix;
import org.descry.io.NumpyWriter;
import org.descry.metrics.AdjustedRandIndex;
import org.descry.model.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study above {@link Study#SAMPLE_ROWS} rows, where it shares one NN-descent graph between agglomerative
 * clustering and HDBSCAN (cached on disk), measures stability and compares scalers on a sample: on four
 * well-separated blobs every algorithm must find them, and a rerun must reuse the cached graph.
 */
class StudyLargeCaseTest {

    static final int ROWS = Study.SAMPLE_ROWS + 6_000;

    @TempDir
    Path dir;

    private int[] writeCase(Path c) throws Exception {
        Files.createDirectories(c.resolve("descriptors"));
        int width = 6;
        SplittableRandom r = new SplittableRandom(11);
        float[] a = new float[ROWS * width];
        int[] truth = new int[ROWS];
        StringBuilder paths = new StringBuilder("paths\n");
        for (int i = 0; i < ROWS; i++) {
            truth[i] = r.nextInt(4);
            for (int j = 0; j < width; j++) {
                a[i * width + j] = (float) ((j == truth[i] ? 12 : 0) + r.nextGaussian());
            }
            paths.append("big\\1\\").append(String.format("%05d", i / 100)).append('\\')
                    .append(String.format("%06d", i)).append(".jpg\n");
        }
        NumpyWriter.writePickle(c.resolve("descriptors/blobs.pickle"), FloatMatrix.wrap(a, ROWS, width));
        Files.writeString(c.resolve("images_paths.csv"), paths);
        return truth;
    }

    @Test
    void sharesOneCachedGraphAndSamplesTheChecks() throws Exception {
        Path c = dir.resolve("case");
        int[] truth = writeCase(c);
        var json = StudyConfig.DEFAULT.toJson();
        json.putArray("algorithms").add("kmeans").add("agglomerative").add("hdbscan");
        json.putArray("compare_scalers").add("minmax");
        json.put("k_min", 3).put("k_max", 5).put("n_init", 1).put("stability_repeats", 1)
                .put("silhouette_sample", 1000).put("outliers", false).put("grid_images", 1);
        StudyConfig config = StudyConfig.fromJson(json);
        Path out = dir.resolve("out");
        List<String> log = new ArrayList<>();
        Study.Result r;
        try (Case input = Case.open(c)) {
            r = Study.run(input, config, out, log::add, (d, t) -> { });
        }
        for (RunResult run : r.runs()) {
            if (run.algorithm().equals("hdbscan") || run.k() == 4) {
                int[] labels = org.descry.io.LabelFiles.clustersByRow(
                        out.resolve("runs").resolve(run.id()).resolve("clusters.csv"), pathsOf(c));
                assertTrue(AdjustedRandIndex.score(truth, labels) > 0.95, run.id());
            }
        }
        assertEquals(1, log.stream().filter(l -> l.contains("-NN graph of blobs") && l.contains("NN-descent"))
                .count(), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.contains("minmax scaling (sample of 50,000 rows)")),
                String.join("\n", log));
        var study = ModelStore.json().readTree(out.resolve("study.json").toFile());
        assertEquals(Study.SAMPLE_ROWS, study.get("scaler_comparison_rows").asInt());
        assertFalse(Double.isNaN(r.choices().get(0).stability()));
        try (Stream<Path> s = Files.walk(out.resolve("cache"))) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().equals("knn-graph.npy")).count());
        }

        List<String> again = new ArrayList<>();
        try (Case input = Case.open(c)) {
            org.descry.io.AtomicWrite.class.getName();
            Files.walk(out.resolve("runs")).filter(p -> p.getFileName().toString().equals("run.json"))
                    .filter(p -> p.getParent().getFileName().toString().contains("agglomerative"))
                    .toList().forEach(p -> p.toFile().delete());
            Study.run(input, config, out, again::add, (d, t) -> { });
        }
        assertTrue(again.stream().anyMatch(l -> l.contains("reusing the 15-NN graph of blobs")),
                String.join("\n", again));
    }

    private static List<String> pathsOf(Path c) throws Exception {
        try (Case input = Case.open(c)) {
            return input.paths();
        }
    }
}
