package org.descry.metrics;

import static org.descry.metrics.Fixtures.close;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every metric against scikit-learn 1.2.1 on the committed random cases, within 1e-5 relative. */
class SklearnFixtureTest {

    static Stream<String> cases() {
        List<String> names = new ArrayList<>();
        Fixtures.expected().get("cases").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    static Stream<String> externalCases() {
        List<String> names = new ArrayList<>();
        Fixtures.expected().get("external").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void internalMetrics(String name) {
        JsonNode c = Fixtures.expected().get("cases").get(name);
        FloatMatrix x = Fixtures.matrix("X_" + name + ".npy");
        int[] labels = Fixtures.ints("labels_" + name + ".npy");
        checkInternal(name + " excluded", c.get("excluded"), x, labels, Noise.EXCLUDE);
        if (c.has("cluster")) {
            checkInternal(name + " cluster", c.get("cluster"), x, labels, Noise.CLUSTER);
        }
    }

    private static void checkInternal(String what, JsonNode e, FloatMatrix x, int[] labels, Noise noise) {
        ClusterDispersion d = ClusterDispersion.of(x, labels, noise, Progress.NONE);
        close(e.get("ch").asDouble(), CalinskiHarabasz.score(d), what + " CH");
        close(e.get("db").asDouble(), DaviesBouldin.score(d), what + " DB");
        close(e.get("inertia").asDouble(), Inertia.of(d), what + " inertia");
        close(e.get("silhouette").asDouble(), Silhouette.score(x, labels, noise), 1e-7, what + " silhouette");
        double[] s = Silhouette.samples(x, labels, noise, Progress.NONE);
        JsonNode es = e.get("silhouette_samples");
        int j = 0;
        for (int r = 0; r < labels.length; r++) {
            if (noise == Noise.EXCLUDE && labels[r] == Noise.LABEL) {
                assertTrue(Double.isNaN(s[r]), what + " noise row " + r);
                continue;
            }
            close(es.get(j++).asDouble(), s[r], 1e-6, what + " silhouette of row " + r);
        }
        assertEquals(es.size(), j);
        if (e.has("sampled")) {
            JsonNode sm = e.get("sampled");
            close(sm.get("silhouette").asDouble(), Silhouette.sampledScore(x, labels, sm.get("size").asInt(),
                    sm.get("seed").asLong(), noise, Progress.NONE), 1e-7, what + " sampled silhouette");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void externalMetricsOfCases(String name) {
        checkExternal(name, Fixtures.expected().get("cases").get(name).get("external"),
                Fixtures.ints("truth_" + name + ".npy"), Fixtures.ints("labels_" + name + ".npy"));
    }

    @ParameterizedTest
    @MethodSource("externalCases")
    void externalMetrics(String name) {
        checkExternal(name, Fixtures.expected().get("external").get(name),
                Fixtures.ints("ext_truth_" + name + ".npy"), Fixtures.ints("ext_pred_" + name + ".npy"));
    }

    static void checkExternal(String what, JsonNode e, int[] truth, int[] pred) {
        ContingencyMatrix m = ContingencyMatrix.of(truth, pred);
        assertArrayEquals(Fixtures.intList(e.get("classes")), m.classes(), what);
        assertArrayEquals(Fixtures.intList(e.get("clusters")), m.clusters(), what);
        if (!e.get("contingency").isNull()) {
            JsonNode cm = e.get("contingency");
            for (int i = 0; i < cm.size(); i++) {
                assertEquals(cm.get(i).asLong(), m.counts()[i], what + " contingency cell " + i);
            }
        }
        double tiny = 1e-12;
        close(e.get("ari").asDouble(), AdjustedRandIndex.score(truth, pred), tiny, what + " ARI");
        close(e.get("mi").asDouble(), MutualInformation.score(m), tiny, what + " MI");
        for (AverageMethod a : AverageMethod.values()) {
            String key = a.name().toLowerCase();
            close(e.get("nmi").get(key).asDouble(), NormalizedMutualInfo.score(truth, pred, a), tiny,
                    what + " NMI " + key);
            double normaliser = a.of(MutualInformation.entropy(m.rowSums()),
                    MutualInformation.entropy(m.colSums()));
            double emi = AdjustedMutualInfo.expectedMutualInformation(m);
            if (Math.abs(normaliser - emi) < 1e-9 * normaliser) {
                // 0/0: MI, E[MI] and the normaliser agree analytically (every row its own cluster), so both
                // scikit-learn and Descry divide rounding noise by rounding noise. Check that it is that case.
                assertTrue(Math.abs(MutualInformation.score(m) - emi) < 1e-9 * normaliser, what + " AMI " + key);
                continue;
            }
            close(e.get("ami").get(key).asDouble(), AdjustedMutualInfo.score(truth, pred, a), tiny,
                    what + " AMI " + key);
        }
        HomogeneityCompletenessVMeasure h = HomogeneityCompletenessVMeasure.of(truth, pred);
        close(e.get("hcv").get(0).asDouble(), h.homogeneity(), tiny, what + " homogeneity");
        close(e.get("hcv").get(1).asDouble(), h.completeness(), tiny, what + " completeness");
        close(e.get("hcv").get(2).asDouble(), h.vMeasure(), tiny, what + " V");
        HomogeneityCompletenessVMeasure h2 = HomogeneityCompletenessVMeasure.of(truth, pred, 2.0);
        close(e.get("hcv_beta2").get(2).asDouble(), h2.vMeasure(), tiny, what + " V beta 2");
        close(e.get("purity").asDouble(), Purity.score(truth, pred), tiny, what + " purity");
    }

    @Test
    void numpyPermutationsMatch() {
        Fixtures.expected().get("permutations").fields().forEachRemaining(f -> {
            long seed = Long.parseLong(f.getKey());
            int n = f.getValue().get("n").asInt();
            int[] first = Fixtures.intList(f.getValue().get("first"));
            int[] perm = new NumpyRandomState(seed).permutation(n);
            assertArrayEquals(first, java.util.Arrays.copyOf(perm, first.length), "seed " + seed);
        });
    }
}
