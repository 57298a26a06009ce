package org.descry.outlier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.descry.cluster.KMeans;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every outlier model saves, loads through {@link OutlierModels#load} and scores new rows as before. */
class OutlierModelsTest {

    static Stream<Arguments> methodsAndSeeds() {
        return Stream.of(OutlierMethod.values()).flatMap(m -> Stream.of(0, 1).map(s -> Arguments.of(m, s)));
    }

    @ParameterizedTest
    @MethodSource("methodsAndSeeds")
    void roundTripKeepsScoresThresholdAndNewRowScores(OutlierMethod method, int seed, @TempDir Path tmp)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        FloatMatrix x = NewMethodsTest.blobsWithGroup(r, 180, 3, 25);
        FloatMatrix fresh = NewMethodsTest.gaussian(r, 20, 3, 6);
        OutlierModel m = method.detector(new OutlierMethod.Settings(10, 4, 0.07, seed, 2)).fit(x, Progress.NONE);
        Path dir = tmp.resolve("model");
        m.save(dir);
        OutlierModel back = OutlierModels.load(dir);
        assertEquals(m.getClass(), back.getClass());
        assertArrayEquals(m.scores(), back.scores(), 0, "training scores");
        assertEquals(m.threshold(), back.threshold(), 0);
        assertEquals(m.contamination(), back.contamination(), 0);
        assertEquals(m.provenance(), back.provenance());
        double[] before = m.score(fresh);
        double[] after = back.score(fresh);
        if (method == OutlierMethod.GMM) {
            // the mixture's parameters are stored in float32 (GmmOutliers.Model): close, and exact from then on
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i], after[i], 1e-5 * Math.max(1, Math.abs(before[i])), "row " + i);
            }
            Path again = tmp.resolve("again");
            back.save(again);
            assertArrayEquals(after, OutlierModels.load(again).score(fresh), 0);
        } else {
            assertArrayEquals(before, after, 0, "new-row scores");
        }
        assertArrayEquals(m.flag(before), back.flag(after));
    }

    @Test
    void ensembleOfMaxKeepsItsCombinationAndMembers(@TempDir Path tmp) throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        FloatMatrix x = NewMethodsTest.blobsWithGroup(r, 150, 2, 25);
        RankEnsemble.Model m = new RankEnsemble(List.of(new Lof(10, 0.1, 1), new DenseGroup(10, 0.1, 1),
                new Cblof(KMeans.of(4), 0.9, 5, false, 0.1)), ViewCombination.MAX, 0.1).fit(x, Progress.NONE);
        m.save(tmp);
        RankEnsemble.Model back = (RankEnsemble.Model) OutlierModels.load(tmp);
        assertEquals(ViewCombination.MAX, back.combination());
        assertEquals(3, back.members().size());
        assertTrue(back.members().get(2) instanceof CblofModel);
        assertEquals("outlier-dense", ModelStore.kind(tmp.resolve("member-1")));
        double[] ranks = RankEnsemble.combine(List.of(m.members().get(0).scores(), m.members().get(1).scores(),
                m.members().get(2).scores()), ViewCombination.MAX);
        assertArrayEquals(ranks, back.scores(), 0);
    }

    @Test
    void loadRefusesOtherKindsAndDamagedFolders(@TempDir Path tmp) throws IOException {
        FloatMatrix x = NewMethodsTest.gaussian(new SplittableRandom(3), 40, 2, 1);
        KMeans.of(2).fit(x, Progress.NONE).save(tmp.resolve("km"));
        DescryException e = assertThrows(DescryException.class, () -> OutlierModels.load(tmp.resolve("km")));
        assertTrue(e.getMessage().contains("not an outlier model"), e.getMessage());
        new Lof(5, 0.1, 1).fit(x, Progress.NONE).save(tmp.resolve("lof"));
        Files.delete(tmp.resolve("lof").resolve("lrd.npy"));
        e = assertThrows(DescryException.class, () -> OutlierModels.load(tmp.resolve("lof")));
        assertTrue(e.getMessage().contains("lrd.npy is missing"), e.getMessage());
        new KnnDistance(3, false, 0.1, 1).fit(x, Progress.NONE).save(tmp.resolve("knn"));
        Path manifest = tmp.resolve("knn").resolve("model.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"contamination\" : 0.1",
                "\"contamination\" : 0.9"));
        e = assertThrows(DescryException.class, () -> OutlierModels.load(tmp.resolve("knn")));
        assertTrue(e.getMessage().contains("contamination must be in (0, 0.5], got 0.9"), e.getMessage());
        e = assertThrows(DescryException.class, () -> OutlierModels.load(tmp.resolve("nothing")));
        assertTrue(e.getMessage().contains("not a saved model"), e.getMessage());
    }
}
