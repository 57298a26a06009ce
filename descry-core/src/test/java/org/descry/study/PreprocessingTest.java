package org.descry.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.preprocess.L2Normalizer;
import org.descry.preprocess.Pca;
import org.descry.preprocess.PcaModel;
import org.descry.preprocess.Scaler;
import org.descry.preprocess.ScalerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pipeline's preprocessing: each scaler then PCA gives what scaling a copy and fitting the PCA on it gives, the
 * fitted steps apply to new rows the same way, and survive save/load.
 */
class PreprocessingTest {

    @TempDir
    Path dir;

    static FloatMatrix data(long seed, int n, int d) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n * d];
        for (int i = 0; i < n; i++) {
            double f = r.nextGaussian();
            for (int j = 0; j < d; j++) {
                a[i * d + j] = (float) Math.max(0, 1 + 0.2 * j + f * (j % 3) + r.nextGaussian());
            }
        }
        return FloatMatrix.wrap(a, n, d);
    }

    @ParameterizedTest
    @EnumSource(Scaler.class)
    void scalerThenPcaEqualsPcaOfTheScaledCopy(Scaler scaler) throws Exception {
        FloatMatrix all = data(3, 330, 12);
        FloatMatrix x = all.rowRange(0, 300);
        FloatMatrix fresh = all.rowRange(300, 330);
        Preprocessing.Fitted fitted = new Preprocessing(scaler, Pca.components(4)).fit(x, Progress.NONE);
        ScalerModel s = fitted.steps().scaler();
        assertEquals(scaler == Scaler.NONE, s == null);
        FloatMatrix scaled = s == null ? x : s.transform(x);
        PcaModel reference = Pca.components(4).fit(scaled);
        PcaModel p = fitted.steps().pca();
        assertEquals(scaler == Scaler.STANDARD || scaler == Scaler.MINMAX || scaler == Scaler.ROBUST,
                p.scaling() != null, "scaling folded into the PCA");
        double tol = 1e-3 * Math.sqrt(reference.explainedVariance()[0]);
        close(reference.transform(scaled), fitted.reduced(), tol);
        FloatMatrix expected = reference.transform(s == null ? fresh : s.transform(fresh));
        close(expected, fitted.steps().apply(fresh), tol);

        fitted.steps().save(dir);
        FittedPreprocessing loaded = FittedPreprocessing.load(dir);
        assertNotNull(loaded.pca());
        assertEquals(p.scaling() != null, loaded.pca().scaling() != null);
        assertArrayEquals(fitted.steps().apply(fresh).toArray(), loaded.apply(fresh).toArray());
    }

    /** Without a scaler or PCA the after step writes a new matrix: the caller's rows stay as they were. */
    @Test
    void anAfterStepAloneLeavesTheInputAlone() throws Exception {
        FloatMatrix x = data(9, 50, 5);
        float[] before = x.toArray();
        Preprocessing.Fitted f = new Preprocessing(Scaler.NONE, null, Scaler.L2).fit(x, Progress.NONE);
        assertArrayEquals(before, x.toArray());
        assertArrayEquals(L2Normalizer.forWidth(5).transform(x).toArray(), f.reduced().toArray());
        assertArrayEquals(f.reduced().toArray(), f.steps().apply(x).toArray());
        assertArrayEquals(before, x.toArray());
        assertEquals(5, f.steps().inputWidth());
        f.steps().save(dir.resolve("alone"));
        assertArrayEquals(f.reduced().toArray(), FittedPreprocessing.load(dir.resolve("alone")).apply(x).toArray());
    }

    /** The folded path only reads the input: a read-only mapped file gives the same bits as the heap matrix. */
    @Test
    void fitsOnAReadOnlyMappedMatrix() throws Exception {
        FloatMatrix x = data(5, 200, 9);
        Path file = dir.resolve("x.f32");
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * 200 * 9).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(x.toArray());
        java.nio.file.Files.write(file, bytes.array());
        FloatMatrix mapped = FloatMatrix.map(file, 0, 200, 9);
        Preprocessing p = new Preprocessing(Scaler.STANDARD, Pca.components(3));
        assertArrayEquals(p.fit(x, Progress.NONE).reduced().toArray(),
                p.fit(mapped, Progress.NONE).reduced().toArray());
        mapped.unload();
        assertArrayEquals(x.toArray(), mapped.toArray(), "pages dropped by unload come back from the file");
        x.unload();
        assertArrayEquals(mapped.toArray(), x.toArray(), "unload is a no-op on a heap matrix");
    }

    @ParameterizedTest
    @EnumSource(Scaler.class)
    void scalerAloneGivesTheScaledRows(Scaler scaler) {
        FloatMatrix x = data(4, 50, 5);
        Preprocessing.Fitted fitted = new Preprocessing(scaler, null).fit(x, Progress.NONE);
        assertNull(fitted.steps().pca());
        FloatMatrix expected = scaler == Scaler.NONE ? x : fitted.steps().scaler().transform(x);
        assertArrayEquals(expected.toArray(), fitted.reduced().toArray());
        assertTrue(fitted.reduced().cols() == 5);
    }

    private static void close(FloatMatrix expected, FloatMatrix actual, double tol) {
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.cols(), actual.cols());
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol, "entry " + i);
        }
    }
}
