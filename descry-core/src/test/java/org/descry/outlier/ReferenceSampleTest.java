package org.descry.outlier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.metrics.RocAuc;
import org.descry.model.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ensemble scoring new rows against a seeded sample of its training rows ({@link RankEnsemble#maxReference}).
 */
class ReferenceSampleTest {

    private static final OutlierMethod.Settings SETTINGS = new OutlierMethod.Settings(20, 4, 0.1, 0, 2);

    private static RankEnsemble ensemble() {
        return (RankEnsemble) OutlierMethod.ENSEMBLE.detector(SETTINGS);
    }

    static IntStream seeds() {
        return IntStream.range(0, 3);
    }

    /** A sample of every row is the ensemble fitted on every row: the same new-row scores, bit for bit. */
    @ParameterizedTest
    @MethodSource("seeds")
    void sampleOfAllRowsScoresAsTheFullReference(int seed) {
        FloatMatrix x = ApproximateOutliersTest.clustered(new SplittableRandom(seed), 700, 6);
        FloatMatrix fresh = ApproximateOutliersTest.clustered(new SplittableRandom(seed + 50), 120, 6);
        RankEnsemble e = ensemble().withSeed(seed);
        RankEnsemble.Model full = e.withExactLimit(0).withMaxReference(RankEnsemble.ALL_ROWS).fit(x, Progress.NONE);
        assertNull(full.reference());
        RankEnsemble.Model all = full.withReference(e.fitReference(x, x.rows(), Progress.NONE));
        assertArrayEquals(full.score(fresh), all.score(fresh), 0);
        assertArrayEquals(full.scores(), all.reference().scores(), 0);
    }

    /**
     * Above {@code maxReference} the training scores and threshold are those of the full fit, new rows are scored
     * against the sample (its own ranks, in [0, 1]), and the planted outliers (every 50th row scattered four times
     * wider) of new rows are still found: ROC-AUC at least 0.95 and within 0.05 of scoring against every row.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void newRowsAgainstASample(int seed) {
        FloatMatrix x = ApproximateOutliersTest.clustered(new SplittableRandom(seed), 2000, 8);
        FloatMatrix fresh = ApproximateOutliersTest.clustered(new SplittableRandom(seed + 50), 1000, 8);
        boolean[] planted = new boolean[fresh.rows()];
        for (int i = 0; i < planted.length; i += 50) {
            planted[i] = true;
        }
        RankEnsemble.Model full = ensemble().withMaxReference(RankEnsemble.ALL_ROWS).fit(x, Progress.NONE);
        RankEnsemble.Model sampled = ensemble().withMaxReference(500).withSeed(seed).fit(x, Progress.NONE);
        assertArrayEquals(full.scores(), sampled.scores(), 0);
        assertEquals(full.threshold(), sampled.threshold(), 0);
        assertNotNull(sampled.reference());
        assertEquals(500, sampled.referenceRows());
        assertEquals(2000, full.referenceRows());
        GraphModel g = (GraphModel) sampled.reference().members().get(0);
        assertTrue(g.neighbours().approximate());
        assertEquals(500, g.neighbours().reference().rows());
        double[] s = sampled.score(fresh);
        double most = 2 * -Math.log(ViewCombination.pValue(1, 500));
        for (double v : s) {
            assertTrue(v >= 0 && v <= most, "score " + v + ": two members' -ln p, p >= 1 / (2 * 500)");
        }
        double aucFull = RocAuc.score(planted, full.score(fresh));
        double aucSample = RocAuc.score(planted, s);
        assertTrue(aucSample >= 0.95 && aucSample >= aucFull - 0.05, "ROC-AUC " + aucSample + " against the "
                + "sample, " + aucFull + " against every row");
    }

    /** The sample's graph search finds nearly all of its exact 50 nearest rows (recall@50 at least 0.95). */
    @Test
    void sampleSearchRecall() {
        FloatMatrix x = ApproximateOutliersTest.clustered(new SplittableRandom(11), 3000, 10);
        FloatMatrix fresh = ApproximateOutliersTest.clustered(new SplittableRandom(12), 200, 10);
        RankEnsemble.Model m = ensemble().withMaxReference(1000).fit(x, Progress.NONE);
        GraphModel g = (GraphModel) m.reference().members().get(0);
        KnnGraph approx = g.neighbours().query(fresh, 50);
        KnnGraph exact = ExactKnn.query(g.neighbours().reference(), fresh, 50);
        long hits = 0;
        for (int q = 0; q < fresh.rows(); q++) {
            for (int a = 0; a < 50; a++) {
                hits += approx.distance(q, a) <= exact.distance(q, 49) ? 1 : 0;
            }
        }
        double recall = hits / (50.0 * fresh.rows());
        assertTrue(recall >= 0.95, "recall@50 " + recall);
    }

    /** Saved with the sample's ensemble in reference/ and loaded to score identically; version checked. */
    @Test
    void roundTripAndVersions(@TempDir Path tmp) throws IOException {
        FloatMatrix x = ApproximateOutliersTest.clustered(new SplittableRandom(13), 900, 6);
        FloatMatrix fresh = ApproximateOutliersTest.clustered(new SplittableRandom(14), 80, 6);
        RankEnsemble.Model m = ensemble().withMaxReference(300).fit(x, Progress.NONE);
        Path dir = tmp.resolve("ensemble");
        m.save(dir);
        assertTrue(Files.isRegularFile(dir.resolve("reference/model.json")));
        RankEnsemble.Model back = (RankEnsemble.Model) OutlierModels.load(dir);
        assertEquals(300, back.referenceRows());
        assertArrayEquals(m.score(fresh), back.score(fresh), 0);
        assertArrayEquals(m.scores(), back.scores(), 0);

        ObjectNode manifest = (ObjectNode) ModelStore.readManifest(dir, RankEnsemble.Model.KIND);
        manifest.put("ensemble_version", RankEnsemble.Model.VERSION + 1);
        ModelStore.writeManifest(dir, manifest);
        assertTrue(assertThrows(DescryException.class, () -> OutlierModels.load(dir)).getMessage()
                .contains("ensemble_version " + (RankEnsemble.Model.VERSION + 1) + " is newer than this Descry reads ("
                        + RankEnsemble.Model.VERSION + ")"));
    }

    /** An ensemble saved before ensemble_version 2 (no version, no reference) loads and scores against all rows. */
    @Test
    void versionOneLoads(@TempDir Path tmp) throws IOException {
        FloatMatrix x = ApproximateOutliersTest.clustered(new SplittableRandom(15), 400, 5);
        FloatMatrix fresh = ApproximateOutliersTest.clustered(new SplittableRandom(16), 60, 5);
        RankEnsemble.Model m = ensemble().fit(x, Progress.NONE);
        Path dir = tmp.resolve("old");
        m.save(dir);
        ObjectNode manifest = (ObjectNode) ModelStore.readManifest(dir, RankEnsemble.Model.KIND);
        manifest.remove("ensemble_version");
        ModelStore.writeManifest(dir, manifest);
        RankEnsemble.Model back = RankEnsemble.Model.load(dir);
        assertNull(back.reference());
        assertArrayEquals(m.score(fresh), back.score(fresh), 0);
    }

    /**
     * With a reference the members are read on first use only: labelling never reads them, a missing file among
     * them shows when they are used, and a loaded model saves again in full.
     */
    @Test
    void membersAreReadOnFirstUse(@TempDir Path tmp) throws IOException {
        FloatMatrix x = ApproximateOutliersTest.clustered(new SplittableRandom(17), 700, 6);
        FloatMatrix fresh = ApproximateOutliersTest.clustered(new SplittableRandom(18), 50, 6);
        RankEnsemble.Model m = ensemble().withMaxReference(250).fit(x, Progress.NONE);
        Path dir = tmp.resolve("ensemble");
        m.save(dir);
        RankEnsemble.Model back = RankEnsemble.Model.load(dir);
        back.save(tmp.resolve("again"));
        RankEnsemble.Model again = RankEnsemble.Model.load(tmp.resolve("again"));
        assertEquals(m.members().size(), again.members().size());
        assertArrayEquals(m.members().get(1).scores(), again.members().get(1).scores(), 0);
        assertArrayEquals(m.sortedTraining().get(0), again.sortedTraining().get(0), 0);

        Files.delete(dir.resolve("member-0").resolve("scores.npy"));
        RankEnsemble.Model lazy = RankEnsemble.Model.load(dir);
        assertArrayEquals(m.score(fresh), lazy.score(fresh), 0);
        assertArrayEquals(m.scores(), lazy.scores(), 0);
        assertEquals(2, lazy.members().size());
        assertThrows(DescryException.class, () -> lazy.members().get(0));

        Files.delete(dir.resolve("reference").resolve("model.json"));
        assertThrows(DescryException.class, () -> RankEnsemble.Model.load(dir));
    }

    @Test
    void maxReferenceIsChecked() {
        assertEquals("maxReference must be >= 2, got 1", assertThrows(IllegalArgumentException.class,
                () -> ensemble().withMaxReference(1)).getMessage());
        assertEquals(RankEnsemble.MAX_REFERENCE, ensemble().maxReference());
        assertEquals(SETTINGS.seed(), ensemble().seed());
    }
}
