package org.descry.outlier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyReader;
import org.descry.io.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Lof} against scikit-learn 1.2.1's {@code LocalOutlierFactor} (1e-5 relative), and by hand. */
class LofTest {

    static final double REL = 1e-5;

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], REL * Math.abs(expected[i]), what + " row " + i);
        }
    }

    static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 5})
    void trainingFactorsNoveltyScoresAndFlagsMatchScikitLearn(int k) {
        FloatMatrix x = Fixtures.matrix("lof_x");
        LofModel m = Lof.of().withNNeighbors(k).fit(x, Progress.NONE);
        assertClose(negate(Fixtures.vector("lof_nof_k" + k)), m.scores(), "negative_outlier_factor_");
        assertClose(negate(Fixtures.vector("lof_novelty_k" + k)), m.score(Fixtures.matrix("lof_queries")),
                "score_samples(novelty)");
        JsonNode e = Fixtures.expected();
        assertEquals(-e.get("lof_offset_k" + k).asDouble(), m.threshold(), REL * Math.abs(m.threshold()));
        boolean[] flags = m.flags();
        JsonNode predict = e.get("lof_predict_k" + k);
        for (int i = 0; i < flags.length; i++) {
            assertEquals(predict.get(i).asInt() == -1, flags[i], "row " + i);
        }
    }

    @Test
    void fashionColourDescriptorMatchesScikitLearn() {
        Path file = SharedData.fashionCase().resolve("descriptors").resolve("color.pickle");
        LofModel m = Lof.of().fit(NumpyReader.read(file).toFloatMatrix(), Progress.NONE);
        assertClose(negate(Fixtures.vector("fashion_color_lof")), m.scores(), "fashion colour LOF");
    }

    @Test
    void smallExampleByHand() {
        // four points on a line at 0, 1, 2 and 10, k = 1: k-distances 1, 1, 1, 8.
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 1, 2, 10}, 4, 1);
        LofModel m = Lof.of().withNNeighbors(1).fit(x, Progress.NONE);
        // reach(0->1)=max(1,kd(1)=1)=1, lrd=1 for rows 0..2; row 3: reach(10->2)=max(8,1)=8, lrd=1/8.
        double[] lrd = {1 / (1 + 1e-10), 1 / (1 + 1e-10), 1 / (1 + 1e-10), 1 / (8 + 1e-10)};
        assertArrayEquals(lrd, m.localReachabilityDensity(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 1, 8}, m.scores(), 1e-9);
    }

    @Test
    void duplicatesGetAFiniteFactor() {
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 0, 0, 0, 5}, 5, 1);
        double[] s = Lof.of().withNNeighbors(2).fit(x, Progress.NONE).scores();
        for (double v : s) {
            assertTrue(Double.isFinite(v), java.util.Arrays.toString(s));
        }
        assertEquals(1.0, s[0], 1e-12);
        assertTrue(s[4] > 1e9, java.util.Arrays.toString(s));
    }

    @Test
    void validation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lof.of().withNNeighbors(0));
        assertEquals("nNeighbors must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lof.of().withContamination(0.7));
        assertEquals("contamination must be in (0, 0.5], got 0.7", e.getMessage());
        FloatMatrix bad = FloatMatrix.wrap(new float[] {0, 1, Float.NaN, 3}, 4, 1);
        DescryException d = assertThrows(DescryException.class, () -> Lof.of().fit(bad, Progress.NONE));
        assertTrue(d.getMessage().contains("NaN or Inf (first in row 2)"), d.getMessage());
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 1, 2, 3}, 2, 2);
        LofModel m = Lof.of().fit(x, Progress.NONE);
        assertEquals(1, m.k());
        d = assertThrows(DescryException.class, () -> m.score(FloatMatrix.zeros(1, 3)));
        assertEquals("rows have 3 columns, the model was fitted on 2", d.getMessage());
    }
}
