package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.Metric;
import org.descry.metrics.AdjustedRandIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DBSCAN labels and core samples against scikit-learn 1.2.1 (make_fixtures.py). */
class DbscanSklearnTest {

    private static DbscanModel fit(String name, FloatMatrix x, int threads) {
        JsonNode c = DensityFixtures.caseOf(name);
        return new Dbscan(c.get("eps").asDouble(), c.get("min_samples").asInt(),
                Metric.parse(c.get("metric").asText()), threads).fit(x, Progress.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blobs", "density", "ties", "cosine"})
    void labelsAndCoreSamplesEqualScikitLearn(String name) {
        FloatMatrix x = DensityFixtures.input(name);
        int[] labels = DensityFixtures.ints(name + "_dbscan_labels");
        int[] core = DensityFixtures.ints(name + "_dbscan_core");
        for (int threads : new int[] {1, 3}) {
            DbscanModel m = fit(name, x, threads);
            assertArrayEquals(labels, m.labels(), name + " labels, " + threads + " threads");
            assertArrayEquals(core, m.coreSampleIndices(), name + " core samples");
            assertEquals(DensityFixtures.caseOf(name).get("dbscan_clusters").asInt(), m.k());
            assertEquals(DensityFixtures.caseOf(name).get("dbscan_noise").asInt(), m.noiseCount());
        }
    }

    @Test
    void fashionDescriptorAfterScalingAndPca() {
        FloatMatrix x = DensityFixtures.input("fashion");
        assertEquals(DensityFixtures.json().get("fashion_components").asInt(), x.cols());
        DbscanModel m = fit("fashion", x, 2);
        int[] labels = DensityFixtures.ints("fashion_dbscan_labels");
        int[] core = DensityFixtures.ints("fashion_dbscan_core");
        // Descry's PCA differs from scikit-learn's in the last float bits, which moves the few pairs lying that
        // close to eps: nearly all rows must agree.
        int same = 0;
        int[] got = m.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == got[i]) {
                same++;
            }
        }
        assertTrue(same >= labels.length * 0.995, same + " of " + labels.length + " labels equal");
        assertTrue(Math.abs(core.length - m.coreSampleIndices().length) <= core.length / 200 + 1,
                m.coreSampleIndices().length + " core samples, scikit-learn " + core.length);
        assertTrue(AdjustedRandIndex.score(labels, got) > 0.99);
    }
}
