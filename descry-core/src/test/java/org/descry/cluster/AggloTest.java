package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.knn.CsrGraph;
import org.descry.knn.ExactKnn;
import org.descry.metrics.AdjustedRandIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AggloTest {

    private static FloatMatrix line(float... v) {
        return FloatMatrix.wrap(v.clone(), v.length, 1);
    }

    @Test
    void singleLinkageOnALineByHand() {
        AgglomerativeModel m = AgglomerativeClustering.of(2).withLinkage(Linkage.SINGLE)
                .fit(line(0, 1, 3, 7, 15));
        assertArrayEquals(new int[] {0, 1, 5, 2, 6, 3, 7, 4}, m.children());
        assertArrayEquals(new double[] {1, 2, 4, 8}, m.distances());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1}, m.labels());
    }

    /** nn_chain by hand; k = 3 shows the heap-position numbering of _hc_cut (the singleton 3 gets label 2). */
    @Test
    void completeLinkageOnALineByHand() {
        AgglomerativeModel m = AgglomerativeClustering.of(2).withLinkage(Linkage.COMPLETE)
                .fit(line(0, 1, 3, 7, 15));
        assertArrayEquals(new int[] {0, 1, 2, 5, 3, 6, 4, 7}, m.children());
        assertArrayEquals(new double[] {1, 3, 7, 15}, m.distances());
        assertArrayEquals(new int[] {0, 0, 0, 0, 1}, m.labelsAt(2));
        assertArrayEquals(new int[] {0, 0, 0, 2, 1}, m.labelsAt(3));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0}, m.labelsAt(1));
        int[] all = m.labelsAt(5);
        assertEquals(5, Arrays.stream(all).distinct().count());
    }

    /** Two rows: the Ward distance sqrt(2 * n_a n_b / (n_a + n_b) * d²) is the plain distance. */
    @Test
    void wardOfTwoRowsIsTheirDistance() {
        FloatMatrix x = FloatMatrix.fromRows(new float[][] {{0, 0}, {3, 4}});
        assertEquals(5.0, AgglomerativeClustering.of(1).fit(x).distances()[0], 1e-12);
        CsrGraph g = new CsrGraph(2, 2, new int[] {0, 1, 1}, new int[] {1}, new float[] {1});
        assertEquals(5.0, AgglomerativeClustering.of(1).withConnectivity(g).fit(x).distances()[0], 1e-12);
    }

    /** A path graph 0-1-2-3 on points where 0 and 3 are closest: they can only meet last. */
    @Test
    void connectivityForbidsMergesAcrossMissingEdges() {
        FloatMatrix x = line(0, 10, 20, 0.5f);
        CsrGraph path = new CsrGraph(4, 4, new int[] {0, 1, 2, 3, 3}, new int[] {1, 2, 3}, new float[] {1, 1, 1});
        for (Linkage l : Linkage.values()) {
            AgglomerativeModel free = AgglomerativeClustering.of(2).withLinkage(l).fit(x);
            assertArrayEquals(new int[] {0, 3}, Arrays.copyOf(free.children(), 2), l + " unstructured");
            AgglomerativeModel m = AgglomerativeClustering.of(2).withLinkage(l).withConnectivity(path).fit(x);
            assertTrue(connected(m, path), l + " merges only along edges");
            assertEquals(1, m.connectedComponents());
        }
    }

    static Stream<Arguments> seeds() {
        return IntStream.range(0, 6).boxed().flatMap(s -> Arrays.stream(Linkage.values())
                .map(l -> Arguments.of(s, l)));
    }

    /** A complete graph allows every merge, so the structured tree's labels are the unstructured ones. */
    @ParameterizedTest(name = "seed {0} {1}")
    @MethodSource("seeds")
    void completeGraphGivesTheUnstructuredClustering(int seed, Linkage linkage) {
        FloatMatrix x = blobs(new SplittableRandom(seed), 60 + 10 * seed, 3, 4);
        int n = x.rows();
        int[] indptr = new int[n + 1];
        int[] indices = new int[n * (n - 1)];
        int e = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    indices[e++] = j;
                }
            }
            indptr[i + 1] = e;
        }
        float[] ones = new float[e];
        Arrays.fill(ones, 1f);
        CsrGraph all = new CsrGraph(n, n, indptr, indices, ones);
        AgglomerativeModel free = AgglomerativeClustering.of(3).withLinkage(linkage).fit(x);
        AgglomerativeModel structured = AgglomerativeClustering.of(3).withLinkage(linkage).withConnectivity(all).fit(x);
        for (int k = 1; k <= 12; k++) {
            assertEquals(1.0, AdjustedRandIndex.score(free.labelsAt(k), structured.labelsAt(k)), 1e-12,
                    linkage + " k=" + k);
        }
        double[] a = free.distances();
        double[] b = structured.distances();
        Arrays.sort(a);
        Arrays.sort(b);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-9 * Math.max(1, a[i]), linkage + " distance " + i);
        }
    }

    /** Merges follow the graph; every cut has k clusters numbered 0..k-1 and refines the cut at k - 1. */
    @ParameterizedTest(name = "seed {0} {1}")
    @MethodSource("seeds")
    void kNnTreeIsConsistent(int seed, Linkage linkage) {
        SplittableRandom rnd = new SplittableRandom(100 + seed);
        FloatMatrix x = blobs(rnd, 150, 4, 5);
        CsrGraph g = ExactKnn.of(5).fit(x, Progress.NONE).toCsr(CsrGraph.Mode.CONNECTIVITY);
        AgglomerativeModel m = AgglomerativeClustering.of(4).withLinkage(linkage).withConnectivity(g).fit(x);
        assertTrue(connected(m, g), "every merge joins clusters linked by an edge or a completion edge"
                + " (components " + m.connectedComponents() + ")");
        int[] previous = m.labelsAt(1);
        for (int k = 2; k <= 30; k++) {
            int[] labels = m.labelsAt(k);
            assertEquals(k, Arrays.stream(labels).distinct().count(), "k=" + k);
            assertEquals(k - 1, Arrays.stream(labels).max().getAsInt());
            for (int i = 0; i < labels.length; i++) {
                for (int j = 0; j < labels.length; j++) {
                    if (labels[i] == labels[j]) {
                        assertEquals(previous[i], previous[j], "k=" + k + " refines k-1");
                    }
                }
            }
            previous = labels;
        }
        int[] sizes = m.tree().sizes();
        assertEquals(x.rows(), sizes[sizes.length - 1]);
    }

    /** Every merge joins two clusters with an edge between them in the graph (when it is connected). */
    private static boolean connected(AgglomerativeModel m, CsrGraph g) {
        if (m.connectedComponents() > 1) {
            return true;
        }
        int n = g.rows();
        int[] owner = new int[n];
        for (int i = 0; i < n; i++) {
            owner[i] = i;
        }
        int[] c = m.children();
        int[][] members = new int[2 * n - 1][];
        for (int i = 0; i < n; i++) {
            members[i] = new int[] {i};
        }
        for (int k = 0; k < n - 1; k++) {
            int a = c[2 * k];
            int b = c[2 * k + 1];
            boolean edge = false;
            java.util.Set<Integer> inB = new java.util.HashSet<>();
            for (int v : members[b]) {
                inB.add(v);
            }
            for (int u : members[a]) {
                for (int p = g.indptr()[u]; p < g.indptr()[u + 1] && !edge; p++) {
                    edge = inB.contains(g.indices()[p]);
                }
            }
            for (int v : members[b]) {
                for (int p = g.indptr()[v]; p < g.indptr()[v + 1] && !edge; p++) {
                    int w = g.indices()[p];
                    edge = Arrays.stream(members[a]).anyMatch(z -> z == w);
                }
            }
            if (!edge) {
                return false;
            }
            members[n + k] = IntStream.concat(Arrays.stream(members[a]), Arrays.stream(members[b])).toArray();
        }
        return true;
    }

    static FloatMatrix blobs(SplittableRandom rnd, int n, int d, int centres) {
        float[] c = new float[centres * d];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) (10 * rnd.nextGaussian());
        }
        float[] v = new float[n * d];
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(centres);
            for (int f = 0; f < d; f++) {
                v[i * d + f] = c[k * d + f] + (float) rnd.nextGaussian();
            }
        }
        return FloatMatrix.wrap(v, n, d);
    }

    @Test
    void predictIsTheNearestCentroidAndWithKRecuts() {
        FloatMatrix x = blobs(new SplittableRandom(5), 200, 3, 3);
        AgglomerativeModel m = AgglomerativeClustering.of(3).withKnnConnectivity(10).fit(x);
        int[] labels = m.labels();
        int[] predicted = m.predict(x);
        long agree = IntStream.range(0, labels.length).filter(i -> labels[i] == predicted[i]).count();
        assertTrue(agree >= 195, "well separated blobs: predict agrees with the fit labels, " + agree);
        FloatMatrix c = m.centroids();
        for (int j = 0; j < 3; j++) {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == j) {
                    sum += x.get(i, 0);
                    count++;
                }
            }
            assertEquals(sum / count, c.get(j, 0), 1e-5);
        }
        AgglomerativeModel five = m.withK(5, x);
        assertArrayEquals(m.labelsAt(5), five.labels());
        assertEquals(5, five.centroids().rows());
        assertArrayEquals(m.children(), five.children());
    }

    @Test
    void earlyStopNumberingAboveTheAutoThreshold() {
        FloatMatrix x = blobs(new SplittableRandom(9), 300, 2, 4);
        AgglomerativeModel m = AgglomerativeClustering.of(2).withKnnConnectivity(8).fit(x);
        int[] heads = m.labelsAt(150);
        assertArrayEquals(m.tree().heads(150), heads, "k >= max(100, 0.02 n): numbered by top node");
        assertEquals(1.0, AdjustedRandIndex.score(m.tree().cut(150), heads), 1e-12, "the same clusters");
        AgglomerativeModel dense = AgglomerativeClustering.of(2).fit(x);
        assertArrayEquals(dense.tree().cut(150), dense.labelsAt(150), "without a graph always _hc_cut");
    }

    @Test
    void saveLoadRoundTrip(@TempDir Path dir) throws Exception {
        FloatMatrix x = blobs(new SplittableRandom(3), 120, 4, 3);
        AgglomerativeModel m = AgglomerativeClustering.of(3).withLinkage(Linkage.AVERAGE).withKnnConnectivity(6)
                .fit(x);
        m.save(dir.resolve("agglo"));
        AgglomerativeModel back = AgglomerativeModel.load(dir.resolve("agglo"));
        assertArrayEquals(m.children(), back.children());
        assertArrayEquals(m.labels(), back.labels());
        for (int k = 1; k <= 20; k++) {
            assertArrayEquals(m.labelsAt(k), back.labelsAt(k));
        }
        double[] a = m.distances();
        double[] b = back.distances();
        for (int i = 0; i < a.length; i++) {
            assertEquals((float) a[i], (float) b[i]);
        }
        assertArrayEquals(m.predict(x), back.predict(x));
        assertEquals(m.k(), back.k());
        assertEquals(m.inputWidth(), back.inputWidth());
        assertEquals(m.provenance(), back.provenance());
        assertEquals(m.structured(), back.structured());
    }

    @Test
    void argumentValidation() {
        assertMessage("k must be >= 1, got 0", () -> AgglomerativeClustering.of(0));
        assertMessage("neighbors must be >= 1, got 0", () -> AgglomerativeClustering.of(2).withKnnConnectivity(0));
        assertMessage("threads must be >= 1, got 0", () -> AgglomerativeClustering.of(2).withThreads(0));
        assertMessage("denseLimit must be in [2, 65535], got 70000",
                () -> AgglomerativeClustering.of(2).withDenseLimit(70000));
        assertMessage("linkage must be ward, complete, average or single, got 'median'",
                () -> Linkage.parse("median"));
        FloatMatrix x = blobs(new SplittableRandom(1), 500, 2, 2);
        assertMessage("k must be in [1, n=500], got 600", () -> AgglomerativeClustering.of(600).fit(x));
        assertMessage("x: 500 rows is above denseLimit=100",
                () -> AgglomerativeClustering.of(2).withDenseLimit(100).fit(x));
        assertMessage("neighbors must be in [1, n-1=499], got 500",
                () -> AgglomerativeClustering.of(2).withKnnConnectivity(500).fit(x));
        CsrGraph small = new CsrGraph(3, 3, new int[] {0, 0, 0, 0}, new int[0], new float[0]);
        assertMessage("connectivity: graph is 3 x 3, x has 500 rows",
                () -> AgglomerativeClustering.of(2).withConnectivity(small).fit(x));
        FloatMatrix bad = x.copy();
        bad.set(7, 1, Float.NaN);
        assertMessage("x: row 7 column 1 is NaN", () -> AgglomerativeClustering.of(2).fit(bad));
        assertMessage("x: agglomerative clustering needs at least 2 rows, got 1",
                () -> AgglomerativeClustering.of(1).fit(line(3)));
        AgglomerativeModel m = AgglomerativeClustering.of(2).fit(x);
        assertMessage("k must be in [1, n=500], got 501", () -> m.labelsAt(501));
        assertMessage("x: width 3 does not match the model's 2", () -> m.predict(FloatMatrix.zeros(2, 3)));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable e) {
        RuntimeException ex = (RuntimeException) assertThrows(RuntimeException.class, e);
        assertTrue(ex instanceof IllegalArgumentException || ex instanceof DescryException, ex.toString());
        assertTrue(ex.getMessage().startsWith(start), "'" + ex.getMessage() + "' should start with '" + start + "'");
    }
}
