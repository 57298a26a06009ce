package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyReader;
import org.descry.io.SharedData;
import org.descry.knn.CsrGraph;
import org.descry.knn.ExactKnn;
import org.descry.metrics.AdjustedRandIndex;
import org.descry.preprocess.ColumnScaling;
import org.descry.preprocess.Pca;
import org.descry.preprocess.StandardScaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Trees and labels against scikit-learn 1.2.1 ({@code make_fixtures.py}): {@code children_} equal, every
 * {@code distances_} within 1e-9 relative, and {@code labels_} equal (same numbers, not only ARI = 1) for every
 * fixture {@code n_clusters}, all cut from one fit.
 */
class AggloSklearnTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        AggloFixtures.cases().fields().forEachRemaining(e -> {
            if (!e.getKey().equals("fashion")) {
                for (JsonNode l : e.getValue().get("linkages")) {
                    out.add(Arguments.of(e.getKey(), l.asText()));
                }
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameTreeAndLabels(String name, String linkage) {
        JsonNode c = AggloFixtures.cases().get(name);
        int n = c.get("n").asInt();
        String xName = name.equals("medium") ? "medium_knn_x" : name + "_x";
        FloatMatrix x = AggloFixtures.matrix(xName);
        if (x.rows() != n) {
            x = x.rowRange(0, n).copy();
        }
        AgglomerativeClustering config = AgglomerativeClustering.of(c.get("ks").get(0).asInt())
                .withLinkage(Linkage.parse(linkage)).withThreads(2);
        if (c.get("graph").asBoolean()) {
            config = config.withConnectivity(AggloFixtures.graph(name, n));
        }
        AgglomerativeModel m = config.fit(x, Progress.NONE);
        check(name, linkage, c, m);
        assertEquals(c.get("components").asInt(), m.connectedComponents(), "n_connected_components_");
    }

    static void check(String name, String linkage, JsonNode c, AgglomerativeModel m) {
        check(name, linkage, c, m, Integer.MAX_VALUE, 1e-9);
    }

    /** Children and distances (within {@code tol} relative) of the first {@code merges} merges, then every labelling. */
    static void check(String name, String linkage, JsonNode c, AgglomerativeModel m, int merges, double tol) {
        int n = c.get("n").asInt();
        String p = name + "_" + linkage;
        int[] wantChildren = AggloFixtures.ints(p + "_children");
        int upTo = Math.min(wantChildren.length, 2 * Math.min(n - 1, merges));
        assertArrayEquals(java.util.Arrays.copyOf(wantChildren, upTo), java.util.Arrays.copyOf(m.children(), upTo),
                p + " children_");
        double[] want = AggloFixtures.doubles(p + "_distances");
        double[] got = m.distances();
        for (int i = 0; i < upTo / 2; i++) {
            assertEquals(want[i], got[i], tol * Math.max(1, Math.abs(want[i])), p + " distances_[" + i + "]");
        }
        JsonNode ks = c.get("ks");
        for (int i = 0; i < ks.size(); i++) {
            int k = ks.get(i).asInt();
            assertArrayEquals(AggloFixtures.labels(p + "_labels", i, n), m.labelsAt(k), p + " labels_ at k=" + k);
        }
        assertArrayEquals(AggloFixtures.labels(p + "_labels", 0, n), m.labels(), p + " labels_ of the fit k");
    }

    /**
     * The fashion hog descriptor after StandardScaler + PCA(50) by Descry's preprocessing, with scikit-learn's
     * graph. Descry's PCA scores differ from scikit-learn's by up to 1.6e-5 of their range (float32), enough to
     * swap two near-equal merges low in the tree (ward at merge 464, average at 890: scikit-learn run on Descry's
     * scores swaps them at the same merges), so the tree is compared up to merge 400 (ward) / 800 (average), distances within 1e-4, and
     * the labels, which those swaps do not reach, at every fixture k.
     */
    @ParameterizedTest(name = "fashion {0}")
    @MethodSource("fashionLinkages")
    void fashionWithScikitLearnGraph(String linkage) {
        FloatMatrix z = fashionPca();
        JsonNode c = AggloFixtures.cases().get("fashion");
        AgglomerativeModel m = AgglomerativeClustering.of(2).withLinkage(Linkage.parse(linkage))
                .withConnectivity(AggloFixtures.graph("fashion", z.rows())).fit(z, Progress.NONE);
        check("fashion", linkage, c, m, linkage.equals("ward") ? 400 : 800, 1e-4);
    }

    static Stream<String> fashionLinkages() {
        return Stream.of("ward", "average");
    }

    /** Our own exact 15-NN graph is scikit-learn's kneighbors_graph here, so the tree is the same. */
    @Test
    void fashionWardWithOwnExactGraph() {
        FloatMatrix z = fashionPca();
        JsonNode c = AggloFixtures.cases().get("fashion");
        CsrGraph ours = ExactKnn.of(15).fit(z, Progress.NONE).toCsr(CsrGraph.Mode.CONNECTIVITY);
        CsrGraph theirs = AggloFixtures.graph("fashion", z.rows());
        int differ = 0;
        for (int i = 0; i < z.rows(); i++) {
            java.util.Set<Integer> a = new java.util.HashSet<>();
            java.util.Set<Integer> b = new java.util.HashSet<>();
            for (int q = ours.indptr()[i]; q < ours.indptr()[i + 1]; q++) {
                a.add(ours.indices()[q]);
            }
            for (int q = theirs.indptr()[i]; q < theirs.indptr()[i + 1]; q++) {
                b.add(theirs.indices()[q]);
            }
            differ += a.equals(b) ? 0 : 1;
        }
        assertEquals(0, differ, "rows whose 15 neighbours differ from kneighbors_graph");
        AgglomerativeModel m = AgglomerativeClustering.of(2).withKnnConnectivity(15).fit(z, Progress.NONE);
        check("fashion", "ward", c, m, 400, 1e-4);
        int[] want = AggloFixtures.labels("fashion_ward_labels", 6, z.rows());
        assertEquals(1.0, AdjustedRandIndex.score(want, m.labelsAt(30)), 1e-12);
    }

    static FloatMatrix fashionPca() {
        Path fashion = SharedData.fashionCase();
        FloatMatrix hog = NumpyReader.readMatrix(fashion.resolve("descriptors").resolve("hog.pickle"))
                .rowRange(0, 3000).copy();
        ColumnScaling scaling = new StandardScaler().fit(hog);
        return Pca.components(50).fitTransform(hog, scaling, Progress.NONE).projected();
    }

    @Test
    void fixturesExerciseWarningAndEarlyStop() {
        JsonNode c = AggloFixtures.cases();
        assertTrue(c.get("disconnected").get("warned").asBoolean());
        assertTrue(c.get("disconnected").get("components").asInt() > 1);
        assertTrue(c.get("medium_knn").get("ks").toString().contains("120"));
    }
}
