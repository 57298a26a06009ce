package org.descry.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.metrics.Trustworthiness;
import org.junit.jupiter.api.Test;

/** Against scikit-learn 1.2.1 ({@code src/test/resources/sklearn/embed/make_fixtures.py}). */
class TsneFixtureTest {

    static Path dir() {
        try {
            return Path.of(TsneFixtureTest.class.getResource("/sklearn/embed/make_fixtures.py").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String name) throws IOException {
        return new ObjectMapper().readTree(dir().resolve(name).toFile());
    }

    static double[] doubles(String name) {
        NumpyArray a = NumpyReader.read(dir().resolve(name));
        double[] out = new double[a.rows() * a.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                out[i * a.cols() + j] = a.get(i, j);
            }
        }
        return out;
    }

    /** A dense symmetric matrix as CSR affinities (non-zeros only). */
    static Affinities csr(double[] dense, int n) {
        int[] indptr = new int[n + 1];
        int nnz = 0;
        for (double v : dense) {
            nnz += v != 0 ? 1 : 0;
        }
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        int o = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (dense[i * n + j] != 0) {
                    idx[o] = j;
                    val[o++] = (float) dense[i * n + j];
                }
            }
            indptr[i + 1] = o;
        }
        return new Affinities(indptr, idx, val);
    }

    /**
     * To 5e-5 relative: scikit-learn's kd-tree distances are float64 squared then rounded to float32, ours float32
     * squared, and the bisection stops anywhere within 1e-5 of the target entropy, so a last-bit difference can end
     * a row's search one step earlier or later.
     */
    @Test
    void affinitiesEqualJointProbabilitiesNn() {
        FloatMatrix x = NumpyReader.readMatrix(dir().resolve("aff_x.npy"));
        double[] expected = doubles("aff_p.npy");
        int n = x.rows();
        int k = Tsne.of(2).withPerplexity(10).neighbours(n);
        assertEquals(31, k);
        KnnGraph g = ExactKnn.of(k).fit(x, Progress.NONE);
        Affinities p = Affinities.symmetric(g, Affinities.conditional(g, 10, 2));
        double[] dense = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int a = p.indptr()[i]; a < p.indptr()[i + 1]; a++) {
                dense[i * n + p.indices()[a]] = p.values()[a];
            }
        }
        for (int i = 0; i < n * n; i++) {
            assertEquals(expected[i], dense[i], 5e-5 * expected[i] + 1e-9, "P at " + i / n + ","
                    + i % n);
            assertEquals(expected[i] == 0, dense[i] == 0, "sparsity at " + i / n + "," + i % n);
        }
    }

    @Test
    void exactTreeGradientEqualsKlDivergenceGradient() throws IOException {
        double[] p = doubles("aff_p.npy");
        double[] y = doubles("grad_y.npy");
        double[] expected = doubles("grad.npy");
        double kl = json("grad.json").get("kl").asDouble();
        GradientDescent gd = new GradientDescent(csr(p, 200), new BarnesHut(2, 0.0, 2), 2, 2);
        double error = gd.gradient(y, 1.0, true);
        assertEquals(kl, error, 1e-6 * kl);
        double scale = Arrays.stream(expected).map(Math::abs).max().orElseThrow();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], gd.grad()[i], 1e-6 * scale, "gradient " + i);
        }
    }

    @Test
    void fftGradientIsCloseToKlDivergenceGradient() throws IOException {
        double[] p = doubles("aff_p.npy");
        double[] y = doubles("grad_y.npy");
        double[] expected = doubles("grad.npy");
        double kl = json("grad.json").get("kl").asDouble();
        GradientDescent gd = new GradientDescent(csr(p, 200), new FftRepulsion(2), 2, 2);
        double error = gd.gradient(y, 1.0, true);
        assertEquals(kl, error, 1e-4 * kl);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.pow(expected[i] - gd.grad()[i], 2);
            norm += expected[i] * expected[i];
        }
        assertTrue(Math.sqrt(diff / norm) < 1e-3, "relative gradient error " + Math.sqrt(diff / norm));
    }

    @Test
    void blobsMatchScikitLearnKlAndTrustworthiness() throws IOException {
        FloatMatrix x = NumpyReader.readMatrix(dir().resolve("blobs_x.npy"));
        JsonNode ref = json("blobs.json");
        double klMin = Double.MAX_VALUE;
        double klMax = 0;
        double twMin = 1;
        for (JsonNode v : ref.get("kl")) {
            klMin = Math.min(klMin, v.asDouble());
            klMax = Math.max(klMax, v.asDouble());
        }
        for (JsonNode v : ref.get("trustworthiness_k10")) {
            twMin = Math.min(twMin, v.asDouble());
        }
        TsneEmbedding e = Tsne.of(2).fit(x, Progress.NONE);
        assertEquals(1000, e.iterations());
        assertEquals(TsneGradient.BARNES_HUT, e.gradient());
        assertTrue(e.klDivergence() > 0.85 * klMin && e.klDivergence() < 1.15 * klMax,
                "KL " + e.klDivergence() + " vs scikit-learn " + klMin + ".." + klMax);
        double tw = Trustworthiness.of(x, e.coordinates(), 10);
        assertTrue(tw >= twMin - 0.01, "trustworthiness " + tw + " vs scikit-learn >= " + twMin);
    }

    /** The FFT gradient end to end (short run: its 512 x 512 grid makes each iteration cost more than the tree's). */
    @Test
    void fftFitEmbedsAsWellAsTheTree() {
        FloatMatrix x = NumpyReader.readMatrix(dir().resolve("blobs_x.npy"));
        Tsne t = Tsne.of(2).withExaggerationIterations(100).withIterations(150);
        TsneEmbedding fft = t.withGradient(TsneGradient.FFT).fit(x, Progress.NONE);
        TsneEmbedding tree = t.withGradient(TsneGradient.BARNES_HUT).fit(x, Progress.NONE);
        assertEquals(TsneGradient.FFT, fft.gradient());
        assertEquals(150, fft.iterations());
        assertEquals(tree.klDivergence(), fft.klDivergence(), 0.05 * tree.klDivergence());
        assertEquals(Trustworthiness.of(x, tree.coordinates(), 10), Trustworthiness.of(x, fft.coordinates(), 10),
                0.01);
    }
}
