package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.knn.Metric;
import org.descry.linalg.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Core distances against scikit-learn's OPTICS, the mutual reachability MST against scipy's
 * {@code minimum_spanning_tree}, and the single-linkage hierarchy against scipy's {@code linkage} (heights and
 * cophenetic distances), all from {@code src/test/resources/sklearn/hdbscan/make_fixtures.py}. Tolerance: 1e-5
 * relative to the largest distance (Descry computes distances in float32, scipy in float64).
 */
class HdbscanFixtureTest {

    static Stream<String> cases() {
        return Stream.of("blobs2d", "blobs8d", "cosine", "uniform_ms1");
    }

    static Path dir() {
        try {
            return Path.of(HdbscanFixtureTest.class.getResource("/sklearn/hdbscan/fixtures.json").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode caseOf(String name) throws IOException {
        return new ObjectMapper().readTree(dir().resolve("fixtures.json").toFile()).get("cases").get(name);
    }

    static double[] doubles(String file) {
        NumpyArray a = NumpyReader.read(dir().resolve(file + ".npy"));
        double[] out = new double[(int) a.size()];
        long cols = a.shape()[1];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i / cols, i % cols);
        }
        return out;
    }

    static FloatMatrix x(String name) {
        return NumpyReader.read(dir().resolve(name + "_x.npy")).toFloatMatrix().copy();
    }

    static Hdbscan config(JsonNode c) {
        return Hdbscan.of(5).withMinSamples(c.get("min_samples").asInt())
                .withMetric(Metric.parse(c.get("metric").asText())).withGraph(Hdbscan.Graph.EXACT).withThreads(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void coreDistancesMatchOptics(String name) throws IOException {
        JsonNode c = caseOf(name);
        HdbscanModel m = config(c).fit(x(name), Progress.NONE);
        double[] want = doubles(name + "_core");
        float[] got = m.coreDistances();
        double scale = Arrays.stream(want).max().orElse(1) + 1e-30;
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * scale, "core distance of row " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void spanningTreeAndHierarchyMatchScipy(String name) throws IOException {
        JsonNode c = caseOf(name);
        FloatMatrix x = x(name);
        Metric metric = Metric.parse(c.get("metric").asText());
        HdbscanModel m = config(c).fit(x, Progress.NONE);
        MutualReachabilityMst mst = MutualReachabilityMst.exact(MutualReachabilityMst.Points.of(x, metric),
                m.coreDistances(), null, 2, Kernels.best());
        double[] wantWeights = doubles(name + "_mst_weights");
        float[] gotWeights = mst.weight().clone();
        Arrays.sort(gotWeights);
        double scale = wantWeights[wantWeights.length - 1];
        for (int i = 0; i < wantWeights.length; i++) {
            assertEquals(wantWeights[i], gotWeights[i], 1e-5 * scale, "sorted MST weight " + i);
        }
        double total = c.get("mst_total_weight").asDouble();
        assertEquals(total, mst.totalWeight(), 1e-5 * total, "MST total weight");
        assertEquals(total, m.spanningTreeWeight(), 1e-5 * total, "model's MST total weight");

        SingleLinkageTree h = SingleLinkageTree.of(mst);
        double[] z = doubles(name + "_linkage");
        for (int q = 0; q < h.distance().length; q++) {
            assertEquals(z[q * 4 + 2], h.distance()[q], 1e-5 * scale, "merge height " + q);
            if (q > 0) {
                assertTrue(h.distance()[q] >= h.distance()[q - 1], "heights increase");
            }
        }
        assertEquals(x.rows(), h.size()[h.size().length - 1], "last merge holds every row");
        double[] want = doubles(name + "_cophenet");
        float[] got = cophenetic(h);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5 * scale, "cophenetic distance " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void approximateRouteWithAllNeighboursIsTheExactTree(String name) throws IOException {
        JsonNode c = caseOf(name);
        FloatMatrix x = x(name);
        HdbscanModel m = config(c).withGraph(Hdbscan.Graph.APPROXIMATE).withNeighbors(x.rows() - 1)
                .fit(x, Progress.NONE);
        double total = c.get("mst_total_weight").asDouble();
        assertEquals(total, m.spanningTreeWeight(), 1e-5 * total, "MST total weight");
    }

    /** scipy's condensed cophenetic vector of a hierarchy: pair (i, j), i < j, at the height that joins them. */
    static float[] cophenetic(SingleLinkageTree h) {
        int n = h.n();
        List<int[]> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(new int[] {i});
        }
        float[] out = new float[n * (n - 1) / 2];
        for (int q = 0; q < h.left().length; q++) {
            int[] a = members.get(h.left()[q]);
            int[] b = members.get(h.right()[q]);
            for (int i : a) {
                for (int j : b) {
                    int lo = Math.min(i, j);
                    int hi = Math.max(i, j);
                    out[n * lo - lo * (lo + 1) / 2 + (hi - lo - 1)] = h.distance()[q];
                }
            }
            int[] ab = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, ab, a.length, b.length);
            members.add(ab);
        }
        return out;
    }
}
