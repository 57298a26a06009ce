package org.descry.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.Case;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.Csv;
import org.descry.io.NumpyWriter;
import org.descry.model.ClusterModel;
import org.descry.model.Provenance;
import org.descry.preprocess.Scaler;
import org.descry.study.Clustering;
import org.descry.study.DescriptorMix;
import org.descry.study.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labelling end to end on a small case of planted blobs: fit, calibrate, name by majority, save and load the
 * bundle, label the rows in blocks; named clusters give the planted classes, a far row is withheld with its reason.
 */
class LabelerTest {

    @TempDir
    Path dir;

    static final String[] SHAPES = {"round", "square", "long"};

    /** Rows 0..n-1 in three blobs (class i % 3) in set "shape", and the last row far from all of them. */
    private Path makeCase(int n, int width) throws Exception {
        Path c = dir.resolve("case");
        Files.createDirectories(c.resolve("descriptors"));
        SplittableRandom r = new SplittableRandom(4);
        float[] a = new float[n * width];
        StringBuilder paths = new StringBuilder("paths\n");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                a[i * width + j] = (float) ((j == i % 3 ? 8 : 0) + r.nextGaussian());
            }
            if (i == n - 1) {
                for (int j = 0; j < width; j++) {
                    a[i * width + j] = 60;
                }
            }
            paths.append("demo\\1\\00001\\").append(String.format("%06d", i + 1)).append(".jpg\n");
        }
        NumpyWriter.writePickle(c.resolve("descriptors/shape.pickle"), FloatMatrix.wrap(a, n, width));
        Files.writeString(c.resolve("images_paths.csv"), paths);
        return c;
    }

    private static LabelBundle fit(Case c, double quantile) {
        DescriptorMix.Fitted f = DescriptorMix.parse("shape").fit(List.of(c.descriptor("shape")),
                new Preprocessing(Scaler.NONE, null), Progress.NONE);
        ClusterModel km = new Clustering("kmeans", 4, 0).fit(f.mixed(), Progress.NONE);
        LabelSource m = LabelSource.calibrate("shape", f.mix(), km, f.mixed(), quantile,
                Provenance.of("test", Map.of(), 0, "test"));
        List<ClusterNames.Change> names = new ArrayList<>();
        int[] labels = km.labels();
        for (int k = 0; k < 4; k++) {
            int[] votes = new int[3];
            int size = 0;
            for (int i = 0; i < labels.length - 1; i++) {
                if (labels[i] == k) {
                    votes[i % 3]++;
                    size++;
                }
            }
            int best = votes[0] >= votes[1] && votes[0] >= votes[2] ? 0 : votes[1] >= votes[2] ? 1 : 2;
            names.add(new ClusterNames.Change("shape", k, size == 0 ? "" : SHAPES[best]));
        }
        return new LabelBundle(Map.of("shape", m), Map.of(), ClusterNames.empty(), null,
                Provenance.of("bundle", Map.of(), 0, "test")).bind("shape", "shape")
                .withNames(ClusterNames.empty().with(names));
    }

    @Test
    void labelsPlantedClassesAndWithholdsTheFarRow() throws Exception {
        int n = 600;
        Path caseDir = makeCase(n, 3);
        Path bundleDir = dir.resolve("bundle");
        try (Case c = Case.open(caseDir)) {
            fit(c, 0.99).save(bundleDir);
        }
        LabelBundle b = LabelBundle.load(bundleDir);
        Path out = dir.resolve("labels.csv");
        Labeler.Summary s;
        try (Case c = Case.open(caseDir)) {
            s = Labeler.label(b, c, out, Progress.NONE);
        }
        Csv.Table t = Csv.read(out);
        assertEquals(List.of("path", "shape", "shape_confidence", "reason"), t.header());
        assertEquals(n, t.rows().size());
        int right = 0;
        int withheld = 0;
        for (int i = 0; i < n - 1; i++) {
            String[] row = t.rows().get(i);
            if (row[1].isEmpty()) {
                withheld++;
            } else if (row[1].equals(SHAPES[i % 3])) {
                right++;
                float conf = Float.parseFloat(row[2]);
                assertTrue(conf >= 0.5f && conf <= 1f, row[2]);
            }
        }
        assertTrue(right >= 0.97 * (n - 1), "right " + right);
        assertTrue(withheld <= 0.03 * n, "withheld " + withheld);
        String[] far = t.rows().get(n - 1);
        assertEquals("", far[1]);
        assertTrue(far[3].equals("shape: far from every named cluster")
                || far[3].startsWith("shape: unnamed cluster"), far[3]);
        assertEquals(withheld + 1, s.withheld()[0]);
    }

    @Test
    void aDescriptorOfAnotherWidthIsRefusedNamingFileAndWidths() throws Exception {
        Path caseDir = makeCase(60, 3);
        Path bundleDir = dir.resolve("bundle");
        try (Case c = Case.open(caseDir)) {
            fit(c, 0.99).save(bundleDir);
        }
        Path other = makeCase(60, 5);
        try (Case c = Case.open(other)) {
            DescryException e = assertThrows(DescryException.class,
                    () -> Labeler.label(LabelBundle.load(bundleDir), c, dir.resolve("x.csv"), Progress.NONE));
            assertEquals(c.descriptorFile("shape") + ": 5 columns, but attribute 'shape' was trained on 'shape' "
                    + "with 3", e.getMessage());
            assertTrue(!Files.exists(dir.resolve("x.csv")));
        }
    }
}
