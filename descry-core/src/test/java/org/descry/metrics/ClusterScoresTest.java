package org.descry.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;

class ClusterScoresTest {

    @Test
    void allNumbersAgreeWithTheSingleMetrics() throws Exception {
        FloatMatrix x = Fixtures.matrix("X_noise.npy");
        int[] labels = Fixtures.ints("labels_noise.npy");
        int[] truth = Fixtures.ints("truth_noise.npy");
        ClusterScores s = ClusterScores.compute(x, labels, truth);
        ClusterScores.Internal in = s.internal();
        int noise = 0;
        for (int l : labels) {
            noise += l == Noise.LABEL ? 1 : 0;
        }
        assertEquals(noise, in.noiseRows());
        assertEquals(x.rows() - noise, in.rows());
        assertEquals(5, in.clusters());
        assertEquals(CalinskiHarabasz.score(x, labels), in.calinskiHarabasz(), 0);
        assertEquals(DaviesBouldin.score(x, labels), in.daviesBouldin(), 0);
        assertEquals(Silhouette.score(x, labels), in.silhouette(), 1e-12);
        assertEquals(Inertia.of(x, labels), in.inertia(), 0);
        assertFalse(in.silhouetteSampled());

        int[] pred = labels.clone();
        for (int r = 0; r < pred.length; r++) {
            pred[r] = pred[r] == Noise.LABEL ? TruthLabels.MISSING : pred[r];
        }
        assertEquals(ClusterScores.External.of(truth, pred), s.external());
        assertEquals(in.rows(), s.external().rows());

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(s));
        assertEquals(in.calinskiHarabasz(), json.get("internal").get("calinskiHarabasz").asDouble(), 0);
        assertEquals(s.external().adjustedMutualInfo(), json.get("external").get("adjustedMutualInfo").asDouble(),
                0);
    }

    @Test
    void largeInputsAreSampledWithTheSeed() {
        FloatMatrix x = Fixtures.matrix("X_tiles.npy");
        int[] labels = Fixtures.ints("labels_tiles.npy");
        ClusterScores.Options o = ClusterScores.Options.DEFAULT.withSilhouette(1000, 300).withSeed(77);
        ClusterScores s = ClusterScores.compute(x, labels, null, o, Progress.NONE);
        assertTrue(s.internal().silhouetteSampled());
        assertEquals(300, s.internal().silhouetteRows());
        assertEquals(Silhouette.sampledScore(x, labels, 300, 77), s.internal().silhouette(), 0);
        assertNull(s.external());
    }

    @Test
    void optionsAreValidated() {
        ClusterScores.Options d = ClusterScores.Options.DEFAULT;
        assertEquals(Noise.EXCLUDE, d.noise());
        DescryException e = assertThrows(DescryException.class, () -> d.withSilhouette(100, 200));
        assertEquals("silhouetteSampleSize must be in [2, silhouetteExactLimit=100], got 200", e.getMessage());
        assertThrows(DescryException.class, () -> d.withSilhouette(1, 1));
        assertThrows(DescryException.class, () -> d.withSeed(-1));
        assertThrows(DescryException.class, () -> d.withSeed(1L << 32));
    }
}
