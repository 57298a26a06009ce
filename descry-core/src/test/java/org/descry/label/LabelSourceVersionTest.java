package org.descry.label;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.model.ClusterModel;
import org.descry.model.ModelStore;
import org.descry.model.Provenance;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.Clustering;
import org.descry.study.DescriptorMix;
import org.descry.study.FittedMix;
import org.descry.study.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source folder's versions: a source with a scaler after the PCA (version 3) survives save and load and labels
 * the same; a version-2 folder (no after step, no {@code mix_version}) still loads; a folder or mix of a later
 * version is refused with one line naming the version.
 */
class LabelSourceVersionTest {

    @TempDir
    Path dir;

    private static FloatMatrix data(long seed, int n, int d) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n * d];
        for (int i = 0; i < n; i++) {
            double scale = 0.5 + r.nextDouble() * 3;
            int c = i % 3;
            for (int j = 0; j < d; j++) {
                a[i * d + j] = (float) (scale * ((j % 3 == c ? 4 : 0) + r.nextGaussian()));
            }
        }
        return FloatMatrix.wrap(a, n, d);
    }

    private static LabelSource source(FloatMatrix x, Scaler after) {
        DescriptorMix.Fitted f = DescriptorMix.parse("d").fit(List.of(x), new Preprocessing(Scaler.STANDARD,
                Pca.components(4), after), Progress.NONE);
        ClusterModel km = new Clustering("kmeans", 3, 0).fit(f.mixed(), Progress.NONE);
        return LabelSource.calibrate("d", f.mix(), km, f.mixed(), 0.99, LabelSource.Rejection.DISTANCE,
                Provenance.of("test", Map.of(), 0, "test"));
    }

    @Test
    void anAfterPcaStepSurvivesSaveAndLoad() throws Exception {
        FloatMatrix x = data(1, 300, 9);
        FloatMatrix fresh = data(2, 40, 9);
        LabelSource s = source(x, Scaler.L2);
        assertNotNull(s.mix().steps().get(0).after());
        for (int i = 0; i < 20; i++) {
            float[] row = s.mix().apply(List.of(x)).rowArray(i);
            double norm = 0;
            for (float v : row) {
                norm += v * v;
            }
            assertEquals(1, norm, 1e-5, "reduced rows are unit vectors");
        }
        s.save(dir.resolve("s"));
        assertEquals(LabelSource.SOURCE_VERSION,
                ModelStore.readManifest(dir.resolve("s"), LabelSource.KIND).path("source_version").asInt());
        assertTrue(Files.isDirectory(dir.resolve("s/mix/block-0/after")));
        LabelSource back = LabelSource.load(dir.resolve("s"));
        assertNotNull(back.mix().steps().get(0).after());
        String[] names = {"a", "b", "c"};
        LabelSource.Assignment expected = s.assign(List.of(fresh), names);
        LabelSource.Assignment got = back.assign(List.of(fresh), names);
        assertArrayEquals(expected.cluster(), got.cluster());
        assertArrayEquals(expected.distance(), got.distance());
    }

    @Test
    void aVersionTwoSourceStillLoads() throws Exception {
        FloatMatrix x = data(3, 200, 6);
        LabelSource s = source(x, Scaler.NONE);
        Path d = dir.resolve("v2");
        s.save(d);
        rewrite(d, "source_version", 2);
        ObjectNode mix = (ObjectNode) ModelStore.readManifest(d.resolve("mix"), FittedMix.KIND);
        mix.remove("mix_version");
        ModelStore.writeManifest(d.resolve("mix"), mix);
        LabelSource back = LabelSource.load(d);
        assertNull(back.mix().steps().get(0).after());
        assertArrayEquals(s.assign(List.of(x), new String[] {"a", "b", "c"}).cluster(),
                back.assign(List.of(x), new String[] {"a", "b", "c"}).cluster());
    }

    @Test
    void aVotingSourceSurvivesSaveAndLoadAndAVersionThreeOneAssignsByCentroid() throws Exception {
        FloatMatrix x = data(5, 300, 9);
        FloatMatrix fresh = data(6, 60, 9);
        LabelSource s = source(x, Scaler.NONE);
        FloatMatrix mixed = s.mix().apply(List.of(x));
        LabelSource voting = s.withVote(NameVote.fit(mixed, s.clustering().labels(), 10, 0, 1));
        assertEquals("vote", voting.assignment());
        String[] names = {"a", "b", "a"};
        voting.save(dir.resolve("vote"));
        assertEquals("vote", ModelStore.readManifest(dir.resolve("vote"), LabelSource.KIND).path("assignment")
                .asText());
        LabelSource back = LabelSource.load(dir.resolve("vote"));
        assertEquals("vote", back.assignment());
        LabelSource.Assignment expected = voting.assign(List.of(fresh), names);
        LabelSource.Assignment got = back.assign(List.of(fresh), names);
        assertArrayEquals(expected.cluster(), got.cluster());
        assertArrayEquals(expected.confidence(), got.confidence());
        for (float c : got.confidence()) {
            assertTrue(c >= 0.5f && c <= 1f, "a share of 10 votes over at most 2 names: " + c);
        }

        Path v3 = dir.resolve("v3");
        s.save(v3);
        ObjectNode m = (ObjectNode) ModelStore.readManifest(v3, LabelSource.KIND);
        m.remove("assignment");
        m.put("source_version", 3);
        ModelStore.writeManifest(v3, m);
        LabelSource old = LabelSource.load(v3);
        assertEquals("centroid", old.assignment());
        assertArrayEquals(s.assign(List.of(fresh), names).cluster(), old.assign(List.of(fresh), names).cluster());
    }

    @Test
    void theVoteChoosesTheNameButTheNearestCentroidDecidesWhatIsFar() {
        FloatMatrix x = data(7, 300, 9);
        FloatMatrix fresh = data(8, 400, 9);
        LabelSource s = source(x, Scaler.NONE);
        LabelSource voting = s.withVote(NameVote.fit(s.mix().apply(List.of(x)), s.clustering().labels(), 10, 0, 1));
        String[] names = {"a", "b", "c"};
        LabelSource.Assignment byCentroid = s.assign(List.of(fresh), names);
        LabelSource.Assignment byVote = voting.assign(List.of(fresh), names);
        assertArrayEquals(byCentroid.far(), byVote.far());
        assertArrayEquals(byCentroid.distance(), byVote.distance());
        int far = 0;
        for (boolean f : byVote.far()) {
            far += f ? 1 : 0;
        }
        assertTrue(far > 0 && far < 40, far + " of 400 fresh rows beyond the 0.99 radius");
    }

    @Test
    void laterVersionsAreRefused() throws Exception {
        LabelSource s = source(data(4, 200, 6), Scaler.L2);
        Path d = dir.resolve("v4");
        s.save(d);
        rewrite(d, "source_version", LabelSource.SOURCE_VERSION + 1);
        String m = assertThrows(DescryException.class, () -> LabelSource.load(d)).getMessage();
        assertTrue(m.contains("label source version " + (LabelSource.SOURCE_VERSION + 1)
                + " is newer than this Descry reads (" + LabelSource.SOURCE_VERSION + ")"), m);
        assertTrue(!m.contains("\n"), "one line");

        Path e = dir.resolve("mix4");
        s.save(e);
        ObjectNode mix = (ObjectNode) ModelStore.readManifest(e.resolve("mix"), FittedMix.KIND);
        mix.put("mix_version", FittedMix.MIX_VERSION + 1);
        ModelStore.writeManifest(e.resolve("mix"), mix);
        m = assertThrows(DescryException.class, () -> LabelSource.load(e)).getMessage();
        assertTrue(m.contains("descriptor mix version 3 is newer than this Descry reads (2)"), m);
    }

    private static void rewrite(Path d, String key, int value) throws Exception {
        ObjectNode m = (ObjectNode) ModelStore.readManifest(d, LabelSource.KIND);
        m.put(key, value);
        ModelStore.writeManifest(d, m);
    }
}
