package org.descry.preprocess;

import static org.descry.preprocess.Fixtures.array;
import static org.descry.preprocess.Fixtures.close;
import static org.descry.preprocess.Fixtures.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code RobustScaler(unit_variance=True)} and {@code MinMaxScaler(clip=True)} against scikit-learn 1.2.1, and the
 * normal quantile function against scipy's {@code norm.ppf} ({@code make_fixtures.py options}).
 */
class ScalerOptionsTest {

    @Test
    void normalQuantileMatchesScipy() {
        double[] p = array("norm_ppf", "p");
        double[] want = array("norm_ppf", "ppf");
        for (int i = 0; i < p.length; i++) {
            double got = NormalQuantile.ppf(p[i]);
            assertEquals(want[i], got, 1e-13 * Math.max(1, Math.abs(want[i])), "ppf(" + p[i] + ")");
        }
        assertEquals(Double.NEGATIVE_INFINITY, NormalQuantile.ppf(0));
        assertEquals(Double.POSITIVE_INFINITY, NormalQuantile.ppf(1));
        assertTrue(Double.isNaN(NormalQuantile.ppf(1.5)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"scale_a", "scale_relu", "scale_heavy"})
    void unitVarianceMatchesScikitLearn(String name) {
        FloatMatrix x = Fixtures.x(name);
        FloatMatrix fresh = newRows(name, x.cols());
        String o = name + "_options";
        int d = x.cols();
        ColumnScaling r = new RobustScaler().withUnitVariance(true).fit(x);
        close(array(o, "robust_uv_scale"), r.attribute("scale"), 1e-6, 0, o + " scale", d);
        close(array(o, "robust_uv"), toDouble(r.transform(x)), 1e-5, 1e-6, o + " robust_uv", d);
        close(array(o, "robust_uv_new"), toDouble(r.transform(fresh)), 1e-5, 1e-6, o + " robust_uv_new", d);
        ColumnScaling r2 = new RobustScaler().withQuantileRange(10, 90).withUnitVariance(true).fit(x);
        close(array(o, "robust_uv_10_90_scale"), r2.attribute("scale"), 1e-6, 0, o + " 10-90 scale", d);
        close(array(o, "robust_uv_10_90"), toDouble(r2.transform(x)), 1e-5, 1e-6, o + " 10-90", d);
        ColumnScaling r3 = new RobustScaler(2.5, 60, false, true, true).fit(x);
        close(array(o, "robust_uv_2p5_60_scale"), r3.attribute("scale"), 1e-6, 0, o + " 2.5-60 scale", d);
        close(array(o, "robust_uv_2p5_60_nocenter"), toDouble(r3.transform(fresh)), 1e-5, 1e-6, o + " 2.5-60", d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scale_a", "scale_relu", "scale_heavy"})
    void clipMatchesScikitLearn(String name) {
        FloatMatrix x = Fixtures.x(name);
        FloatMatrix fresh = newRows(name, x.cols());
        String o = name + "_options";
        int d = x.cols();
        ColumnScaling m = new MinMaxScaler().withClip(true).fit(x);
        assertTrue(m.clips());
        close(array(o, "minmax_clip"), toDouble(m.transform(x)), 1e-5, 1e-6, o + " clip", d);
        close(array(o, "minmax_clip_new"), toDouble(m.transform(fresh)), 1e-5, 1e-6, o + " clip new", d);
        ColumnScaling m2 = new MinMaxScaler(-1, 2, true).fit(x);
        double[] got = toDouble(m2.transform(fresh));
        close(array(o, "minmax_m1_2_clip_new"), got, 1e-5, 1e-6, o + " (-1, 2) clip new", d);
        assertTrue(java.util.Arrays.stream(got).anyMatch(v -> v == -1) && java.util.Arrays.stream(got)
                .anyMatch(v -> v == 2), "the new rows reach past both ends, so clipping is exercised");
        assertFalse(new MinMaxScaler(-1, 2).fit(x).clips());
    }

    @Test
    void optionsSurviveSaveAndLoad(@TempDir Path tmp) throws IOException {
        FloatMatrix x = Fixtures.x("scale_a");
        FloatMatrix fresh = newRows("scale_a", x.cols());
        for (ColumnScaling s : new ColumnScaling[] {new MinMaxScaler().withClip(true).fit(x),
            new RobustScaler().withUnitVariance(true).fit(x)}) {
            Path dir = Files.createDirectories(tmp.resolve(s.kind()));
            s.save(dir);
            ScalerModel back = ScalerModel.load(dir);
            assertArrayEquals(s.transform(fresh).toArray(), back.transform(fresh).toArray(), s.kind());
            assertEquals(s.clips(), ((ColumnScaling) back).clips());
        }
    }

    @Test
    void modelSavedWithoutClipLoadsAsNotClipping(@TempDir Path tmp) throws IOException {
        FloatMatrix x = Fixtures.x("scale_a");
        new MinMaxScaler().withClip(true).fit(x).save(tmp);
        Path manifest = tmp.resolve("model.json");
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(manifest.toFile());
        assertTrue(json.has("clip"));
        json.remove("clip");
        Files.writeString(manifest, json.toString());
        ColumnScaling old = (ColumnScaling) ScalerModel.load(tmp);
        assertFalse(old.clips());
        FloatMatrix fresh = newRows("scale_a", x.cols());
        assertArrayEquals(new MinMaxScaler().fit(x).transform(fresh).toArray(), old.transform(fresh).toArray());
    }

    @Test
    void clippingScalingIsNotFoldedIntoPca() {
        FloatMatrix x = Fixtures.x("scale_a");
        ColumnScaling clip = new MinMaxScaler().withClip(true).fit(x);
        assertThrows(IllegalArgumentException.class, () -> Pca.components(2).fit(x, clip,
                org.descry.data.Progress.NONE));
    }

    @Test
    void unitVarianceNeedsAnInteriorRange() {
        for (double[] q : new double[][] {{0, 75}, {25, 100}, {30, 30}}) {
            String msg = assertThrows(DescryException.class,
                    () -> new RobustScaler(q[0], q[1], true, true, true)).getMessage();
            assertTrue(msg.startsWith("unit_variance needs 0 < min < max < 100"), msg);
        }
    }

    private static FloatMatrix newRows(String name, int d) {
        double[] v = array(name + "_options", "x_new");
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return FloatMatrix.wrap(f, v.length / d, d);
    }
}
