package org.descry.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.knn.CsrGraph;
import org.descry.knn.ExactKnn;
import org.descry.knn.KnnGraph;
import org.descry.model.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against umap-learn 0.5's algorithms re-implemented in numpy/scipy
 * ({@code src/test/resources/sklearn/umap/make_fixtures.py}): {@code smooth_knn_dist}'s sigma and rho, the fuzzy
 * union graph, the transform memberships, {@code find_ab_params} (scipy's {@code curve_fit}) and the spectral
 * subspace from {@code scipy.sparse.linalg.eigsh}.
 */
class UmapFixturesTest {

    static Path dir() {
        try {
            return Path.of(UmapFixturesTest.class.getResource("/sklearn/umap/ab.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NumpyArray array(String name) {
        return NumpyReader.read(dir().resolve(name + ".npy"));
    }

    static FloatMatrix matrix(String name) {
        return array(name).toFloatMatrix().copy();
    }

    static float[] floats(String name) {
        return matrix(name).toArray();
    }

    static int[] ints(String name) {
        NumpyArray a = array(name);
        int[] out = new int[(int) a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(0, i);
        }
        return out;
    }

    static double[] doubles(String name) {
        NumpyArray a = array(name);
        int cols = a.cols();
        double[] out = new double[(int) a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i / cols, i % cols);
        }
        return out;
    }

    static final int N_NEIGHBORS = 10;

    static KnnGraph knn() {
        return ExactKnn.of(N_NEIGHBORS - 1).fit(matrix("x"), Progress.NONE);
    }

    static void assertClose(float[] expected, float[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * Math.max(1e-3, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, what + " at " + i);
        }
    }

    @Test
    void sigmasAndRhosMatchSmoothKnnDist() {
        KnnGraph g = knn();
        int n = g.rows();
        float[] rows = new float[n * N_NEIGHBORS];
        for (int i = 0; i < n; i++) {
            System.arraycopy(g.distances(), i * (N_NEIGHBORS - 1), rows, i * N_NEIGHBORS + 1, N_NEIGHBORS - 1);
        }
        FuzzySimplicialSet.Bandwidths bw = FuzzySimplicialSet.smoothKnnDist(rows, n, N_NEIGHBORS, N_NEIGHBORS, 1.0, 2);
        assertClose(floats("rhos"), bw.rhos(), 1e-6, "rho");
        assertClose(floats("sigmas"), bw.sigmas(), 1e-5, "sigma");
    }

    @Test
    void fuzzyUnionGraphMatches() {
        CsrGraph g = FuzzySimplicialSet.fit(knn(), N_NEIGHBORS, 1.0, 1.0, 2);
        assertArrayEquals(ints("graph-indptr"), g.indptr());
        assertArrayEquals(ints("graph-indices"), g.indices());
        assertClose(floats("graph-data"), g.data(), 1e-5, "weight");
        for (int i = 0; i < g.rows(); i++) {
            for (int e = g.indptr()[i]; e < g.indptr()[i + 1]; e++) {
                int j = g.indices()[e];
                assertTrue(j != i, "no self loop");
                assertTrue(g.data()[e] > 0 && g.data()[e] <= 1, "weight in (0, 1]");
            }
        }
    }

    @Test
    void transformMembershipsMatch() {
        KnnGraph q = ExactKnn.query(matrix("x"), matrix("queries"), N_NEIGHBORS);
        int m = q.rows();
        FuzzySimplicialSet.Bandwidths bw = FuzzySimplicialSet.smoothKnnDist(q.distances(), m, N_NEIGHBORS,
                N_NEIGHBORS, 0.0, 1);
        assertClose(floats("query-rhos"), bw.rhos(), 1e-6, "rho");
        assertClose(floats("query-sigmas"), bw.sigmas(), 1e-5, "sigma");
        float[] w = new float[m * N_NEIGHBORS];
        for (int i = 0; i < w.length; i++) {
            w[i] = FuzzySimplicialSet.membership(q.distances()[i], bw.rhos()[i / N_NEIGHBORS],
                    bw.sigmas()[i / N_NEIGHBORS]);
        }
        assertClose(floats("query-weights"), w, 1e-5, "weight");
    }

    static Stream<Arguments> curves() throws IOException {
        JsonNode all = ModelStore.json().readTree(dir().resolve("ab.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : all) {
            out.add(Arguments.of(c.get("min_dist").asDouble(), c.get("spread").asDouble(), c.get("a").asDouble(),
                    c.get("b").asDouble()));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("curves")
    void curveParametersMatchCurveFit(double minDist, double spread, double a, double b) {
        UmapCurve c = UmapCurve.fit(minDist, spread);
        assertEquals(a, c.a(), 1e-5 * a, "a");
        assertEquals(b, c.b(), 1e-5 * b, "b");
    }

    @Test
    void defaultCurveIsTheWellKnownOne() {
        UmapCurve c = UmapCurve.fit(0.1, 1.0);
        assertEquals(1.577, c.a(), 5e-4);
        assertEquals(0.895, c.b(), 5e-4);
    }

    static Stream<Arguments> spectralCases() {
        return Stream.of(Arguments.of("", 2, 0), Arguments.of("", 3, 0), Arguments.of("small-", 2, 0),
                Arguments.of("small-", 3, 0), Arguments.of("small-", 2, 10_000), Arguments.of("small-", 3, 10_000));
    }

    /** Both the Lanczos path (dense limit 0) and the dense path (small graph) span eigsh's subspace. */
    @ParameterizedTest
    @MethodSource("spectralCases")
    void spectralSubspaceMatchesEigsh(String prefix, int dim, int denseLimit) {
        int[] indptr = ints(prefix + "graph-indptr");
        CsrGraph g = new CsrGraph(indptr.length - 1, indptr.length - 1, indptr, ints(prefix + "graph-indices"),
                floats(prefix + "graph-data"));
        double[] got = SpectralInit.eigenvectors(g, dim, 3, 2, denseLimit);
        double[] ref = doubles(prefix + "spectral-" + dim);
        int n = g.rows();
        for (int c = 0; c < dim; c++) {
            double norm = 0;
            double[] projected = new double[dim];
            for (int r = 0; r < dim; r++) {
                for (int i = 0; i < n; i++) {
                    projected[r] += ref[r * n + i] * got[c * n + i];
                }
            }
            for (int i = 0; i < n; i++) {
                norm += got[c * n + i] * got[c * n + i];
            }
            double inSpan = 0;
            for (double p : projected) {
                inSpan += p * p;
            }
            assertEquals(1.0, norm, 1e-8, "unit vector " + c);
            assertEquals(1.0, inSpan, 1e-5, "vector " + c + " in eigsh's subspace");
        }
    }
}
