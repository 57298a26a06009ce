package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.descry.data.FloatMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MiniBatchAndBisectingTest {

    @TempDir
    Path dir;

    static Stream<Arguments> blobs() {
        return Stream.of(Arguments.of("blobs_2d", 3), Arguments.of("blobs_10d", 5), Arguments.of("blobs_50d", 8));
    }

    @ParameterizedTest
    @MethodSource("blobs")
    void miniBatchIsCloseToFullKMeans(String name, int k) {
        JsonNode c = Fixtures.caseOf(name);
        FloatMatrix x = Fixtures.matrix(name + "_x");
        int[] truth = Fixtures.ints(name + "_truth");
        for (int seed = 0; seed < 3; seed++) {
            KMeansModel m = MiniBatchKMeans.of(k).withBatchSize(256).withSeed(seed).fit(x);
            assertTrue(m.inertia() <= 1.03 * c.get("best_of_10_inertia").asDouble(), name + " seed " + seed + ": "
                    + m.inertia() + " vs " + c.get("best_of_10_inertia").asDouble());
            assertTrue(Ari.of(truth, m.labels()) > 0.9, "ARI " + Ari.of(truth, m.labels()));
            assertArrayEquals(m.labels(), m.predict(x));
            assertEquals("minibatch-kmeans", m.provenance().algorithm());
        }
    }

    @Test
    void miniBatchFromGivenCentresAndValidation() {
        FloatMatrix x = Fixtures.matrix("blobs_2d_x");
        FloatMatrix init = FloatMatrix.fromRows(new float[][] {{0, 0}, {1, 1}, {2, 2}});
        KMeansModel m = MiniBatchKMeans.of(3).withInitialCentres(init).withBatchSize(64).withTol(1e-3).fit(x);
        assertEquals(3, IntStream.of(m.labels()).distinct().count());
        assertEquals("batchSize must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> MiniBatchKMeans.of(3).withBatchSize(0)).getMessage());
        assertEquals("reassignmentRatio must be a finite number >= 0, got -0.5", assertThrows(
                IllegalArgumentException.class, () -> MiniBatchKMeans.of(3).withReassignmentRatio(-0.5)).getMessage());
        assertEquals("maxNoImprovement must be >= 0 (0: never), got -1", assertThrows(IllegalArgumentException.class,
                () -> MiniBatchKMeans.of(3).withMaxNoImprovement(-1)).getMessage());
    }

    @ParameterizedTest
    @MethodSource("blobs")
    void bisectingFindsTheBlobsAndKeepsItsTree(String name, int k) {
        FloatMatrix x = Fixtures.matrix(name + "_x");
        int[] truth = Fixtures.ints(name + "_truth");
        for (BisectingKMeans.Strategy s : BisectingKMeans.Strategy.values()) {
            BisectingKMeansModel m = BisectingKMeans.of(k).withStrategy(s).withNInit(3).withSeed(1).fit(x);
            assertEquals(2 * k - 1, m.nodes());
            assertEquals(k, IntStream.of(m.labels()).distinct().count());
            int leaves = 0;
            for (int node = 0; node < m.nodes(); node++) {
                leaves += m.leafLabel(node) >= 0 ? 1 : 0;
                assertEquals(m.leafLabel(node) >= 0, m.children(node).length == 0);
            }
            assertEquals(k, leaves);
            double ari = Ari.of(truth, m.labels());
            assertTrue(ari > 0.85, name + " " + s + " ARI " + ari);
            int[] p = m.predict(x);
            long same = IntStream.range(0, p.length).filter(i -> p[i] == m.labels()[i]).count();
            assertTrue(same >= 0.99 * p.length, "tree descent agrees with fit labels on " + same);
        }
    }

    @Test
    void bisectingOneClusterSaveAndLoad() throws Exception {
        FloatMatrix x = Fixtures.matrix("blobs_10d_x");
        BisectingKMeansModel one = BisectingKMeans.of(1).fit(x);
        assertEquals(1, one.nodes());
        assertTrue(IntStream.of(one.labels()).allMatch(l -> l == 0));
        BisectingKMeansModel m = BisectingKMeans.of(4).withSeed(2).fit(x);
        m.save(dir.resolve("b"));
        BisectingKMeansModel back = BisectingKMeansModel.load(dir.resolve("b"));
        assertArrayEquals(m.labels(), back.labels());
        assertArrayEquals(m.centres().toArray(), back.centres().toArray(), 0f);
        assertArrayEquals(m.predict(x), back.predict(x));
        assertEquals(m.inertia(), back.inertia());
        assertEquals("init must be 'k-means++' or 'random' for bisecting k-means, got given",
                assertThrows(IllegalArgumentException.class, () -> BisectingKMeans.of(2).withInit(KMeans.Init.GIVEN))
                        .getMessage());
    }

    /** Adjusted Rand index (Hubert and Arabie 1985), for comparing labelings in tests. */
    static final class Ari {
        static double of(int[] a, int[] b) {
            int ka = IntStream.of(a).max().orElse(0) + 1;
            int kb = IntStream.of(b).max().orElse(0) + 1;
            long[] table = new long[ka * kb];
            long[] ra = new long[ka];
            long[] rb = new long[kb];
            for (int i = 0; i < a.length; i++) {
                table[a[i] * kb + b[i]]++;
                ra[a[i]]++;
                rb[b[i]]++;
            }
            double sum = 0;
            for (long t : table) {
                sum += t * (t - 1) / 2.0;
            }
            double sa = 0;
            for (long t : ra) {
                sa += t * (t - 1) / 2.0;
            }
            double sb = 0;
            for (long t : rb) {
                sb += t * (t - 1) / 2.0;
            }
            double total = a.length * (a.length - 1) / 2.0;
            double expected = sa * sb / total;
            return (sum - expected) / ((sa + sb) / 2 - expected);
        }
    }
}
