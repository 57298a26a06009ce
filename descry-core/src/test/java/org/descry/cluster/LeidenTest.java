package org.descry.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.descry.data.DescryException;
import org.descry.data.FloatMatrix;
import org.descry.data.Progress;
import org.descry.io.NumpyArray;
import org.descry.io.NumpyReader;
import org.descry.io.SharedData;
import org.descry.knn.CsrGraph;
import org.descry.metrics.AdjustedRandIndex;
import org.descry.metrics.Purity;
import org.descry.model.ModelStore;
import org.descry.preprocess.Pca;
import org.descry.preprocess.Scaler;
import org.descry.study.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leiden against igraph/leidenalg ({@code sklearn/leiden/make_fixtures.py}): modularity of fixed partitions,
 * the modularity reached, the planted partition and blobs recovered, the fashion case's view purity; the paper's
 * guarantee of connected communities on seeded random graphs; the merge fallback; save and load.
 */
class LeidenTest {

    private static Path fixtures() throws Exception {
        return Path.of(LeidenTest.class.getResource("/sklearn/leiden/modularity.json").toURI()).getParent();
    }

    private static int[] ints(Path file) {
        NumpyArray a = NumpyReader.read(file);
        int[] out = new int[(int) a.size()];
        int cols = (int) (a.size() / Math.max(1, a.rows()));
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.get(i / cols, i % cols);
        }
        return out;
    }

    /** A symmetric CSR graph of undirected edges {@code (u, v)} with weights (1 when null). */
    static CsrGraph undirected(int n, int[] edges, float[] weights) {
        List<List<int[]>> rows = new ArrayList<>();
        List<List<Float>> vals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new ArrayList<>());
            vals.add(new ArrayList<>());
        }
        for (int e = 0; e < edges.length / 2; e++) {
            int u = edges[2 * e];
            int v = edges[2 * e + 1];
            float w = weights == null ? 1f : weights[e];
            rows.get(u).add(new int[] {v});
            vals.get(u).add(w);
            rows.get(v).add(new int[] {u});
            vals.get(v).add(w);
        }
        int[] ptr = new int[n + 1];
        int nnz = edges.length;
        int[] idx = new int[nnz];
        float[] data = new float[nnz];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < rows.get(i).size(); j++) {
                idx[at] = rows.get(i).get(j)[0];
                data[at++] = vals.get(i).get(j);
            }
            ptr[i + 1] = at;
        }
        return new CsrGraph(n, n, ptr, idx, data);
    }

    private static CsrGraph fixtureGraph(String name) throws Exception {
        Path d = fixtures();
        if (name.equals("karate")) {
            return undirected(34, ints(d.resolve("karate.npy")), null);
        }
        int[] edges = ints(d.resolve("sbm_edges.npy"));
        float[] w = NumpyReader.readMatrix(d.resolve("sbm_weights.npy")).toArray();
        return undirected(ints(d.resolve("sbm_truth.npy")).length, edges, w);
    }

    @ParameterizedTest
    @ValueSource(strings = {"karate", "sbm"})
    void modularityMatchesLeidenalgAtEveryResolution(String name) throws Exception {
        JsonNode f = ModelStore.json().readTree(fixtures().resolve("modularity.json").toFile()).get(name);
        int[] membership = new int[f.get("membership").size()];
        for (int i = 0; i < membership.length; i++) {
            membership[i] = f.get("membership").get(i).asInt();
        }
        CommunityGraph g = CommunityGraph.of(fixtureGraph(name));
        for (String r : List.of("0.5", "1.0", "2.0")) {
            assertEquals(f.get("modularity").get(r).asDouble(), g.modularity(membership, Double.parseDouble(r)),
                    1e-7, "modularity at resolution " + r);
        }
        assertEquals(f.get("igraph_modularity").asDouble(), g.modularity(membership, 1.0), 1e-7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"karate", "sbm"})
    void reachesLeidenalgsBestModularity(String name) throws Exception {
        JsonNode f = ModelStore.json().readTree(fixtures().resolve("modularity.json").toFile()).get(name);
        CommunityGraph g = CommunityGraph.of(fixtureGraph(name));
        double best = f.get("leidenalg_best").asDouble();
        double mean = 0;
        for (long seed = 0; seed < 10; seed++) {
            int[] labels = new LeidenOptimiser(1.0, 0.01, seed).optimise(g, 2);
            double q = g.modularity(labels, 1.0);
            assertTrue(q > best - 0.01, "seed " + seed + ": modularity " + q + " against leidenalg's " + best);
            mean += q / 10;
        }
        assertTrue(mean > best - 0.004, "mean modularity " + mean + " against leidenalg's best " + best);
    }

    @Test
    void recoversThePlantedPartition() throws Exception {
        int[] truth = ints(fixtures().resolve("sbm_truth.npy"));
        CommunityGraph g = CommunityGraph.of(fixtureGraph("sbm"));
        int[] labels = new LeidenOptimiser(1.0, 0.01, 0).optimise(g, 2);
        assertEquals(1.0, AdjustedRandIndex.score(truth, labels), 1e-12);
        int[] sizes = new int[6];
        for (int l : labels) {
            sizes[l]++;
        }
        assertArrayEquals(new int[] {40, 35, 30, 30, 25, 20}, sizes, "labels by decreasing size");
    }

    @Test
    void findsTheResolutionForKCommunitiesOnBlobs() throws Exception {
        Path d = fixtures();
        JsonNode f = ModelStore.json().readTree(d.resolve("blobs.json").toFile());
        FloatMatrix x = NumpyReader.readMatrix(d.resolve("blobs.npy")).copy();
        int[] truth = ints(d.resolve("blobs_truth.npy"));
        LeidenModel m = Leiden.of(8).withThreads(2).fit(x, Progress.NONE);
        assertEquals(f.get("leidenalg_count").asInt(), m.k());
        double ari = AdjustedRandIndex.score(truth, m.labels());
        assertTrue(ari >= f.get("leidenalg_ari").asDouble() - 0.01, "ARI " + ari);
        assertEquals(m.modularity(), CommunityGraph.of(Leiden.of(8).graph(x)).modularity(m.labels(),
                m.resolution()), 1e-12);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, m.predict(m.centroids()));
    }

    @Test
    void aSharedGraphGivesWhatFreshGraphsGive() throws Exception {
        FloatMatrix x = NumpyReader.readMatrix(fixtures().resolve("blobs.npy")).copy();
        CsrGraph weights = Leiden.of(8).withThreads(1).graph(x);
        LeidenGraph shared = LeidenGraph.of(weights);
        for (int k : new int[] {3, 8, 12, 20, 8}) {
            Leiden l = Leiden.of(k).withThreads(1);
            assertArrayEquals(l.fit(x, weights, Progress.NONE).labels(), l.fit(x, shared, Progress.NONE).labels(),
                    "k=" + k);
        }
        assertThrows(DescryException.class, () -> Leiden.of(3).fit(x.rowRange(0, 100).copy(), shared,
                Progress.NONE));
    }

    /** Random geometric-like graphs: nodes on a line joined to nearby nodes, with random weights. */
    static Stream<Long> seeds() {
        return LongStream.range(0, 12).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyCommunityIsConnectedAndTheSeedDecides(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 60 + r.nextInt(200);
        List<Integer> edges = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            for (int v = u + 1; v < n; v++) {
                double p = Math.abs(u - v) < 6 ? 0.5 : 0.004;
                if (r.nextDouble() < p) {
                    edges.add(u);
                    edges.add(v);
                    weights.add((float) (0.1 + r.nextDouble()));
                }
            }
        }
        int[] e = edges.stream().mapToInt(Integer::intValue).toArray();
        float[] w = new float[weights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i);
        }
        CsrGraph csr = undirected(n, e, w);
        CommunityGraph g = CommunityGraph.of(csr);
        double gamma = 0.5 + 2 * r.nextDouble();
        int[] labels = new LeidenOptimiser(gamma, 0.01, seed).optimise(g, 2);
        assertArrayEquals(labels, new LeidenOptimiser(gamma, 0.01, seed).optimise(g, 2));
        int count = Arrays.stream(labels).max().orElse(-1) + 1;
        for (int c = 0; c < count; c++) {
            assertTrue(connected(csr, labels, c), "community " + c + " of seed " + seed + " is not connected");
        }
        int[] singletons = new int[n];
        Arrays.setAll(singletons, i -> i);
        assertTrue(g.modularity(labels, gamma) > g.modularity(singletons, gamma));
        int[] size = new int[count];
        for (int l : labels) {
            size[l]++;
        }
        for (int c = 1; c < count; c++) {
            assertTrue(size[c] <= size[c - 1], "labels ordered by size");
        }
    }

    private static boolean connected(CsrGraph g, int[] labels, int c) {
        int start = -1;
        int members = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == c) {
                members++;
                start = start < 0 ? i : start;
            }
        }
        boolean[] seen = new boolean[labels.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        seen[start] = true;
        int reached = 0;
        while (!queue.isEmpty()) {
            int v = queue.poll();
            reached++;
            for (int p = g.indptr()[v]; p < g.indptr()[v + 1]; p++) {
                int u = g.indices()[p];
                if (labels[u] == c && !seen[u]) {
                    seen[u] = true;
                    queue.add(u);
                }
            }
        }
        return reached == members;
    }

    @Test
    void mergesUnconnectedPiecesByNearestCentroid() {
        float[] data = new float[12 * 5 * 2];
        SplittableRandom r = new SplittableRandom(1);
        for (int b = 0; b < 12; b++) {
            for (int i = 0; i < 5; i++) {
                data[(b * 5 + i) * 2] = (b / 2) * 200 + (b % 2) * 10 + (float) r.nextDouble();
                data[(b * 5 + i) * 2 + 1] = (float) r.nextDouble();
            }
        }
        FloatMatrix x = FloatMatrix.wrap(data, 60, 2);
        LeidenModel m = Leiden.of(6).withNeighbors(4).withThreads(1).fit(x, Progress.NONE);
        assertEquals(6, m.k());
        int[] labels = m.labels();
        for (int b = 0; b < 12; b++) {
            for (int i = 1; i < 5; i++) {
                assertEquals(labels[b * 5], labels[b * 5 + i], "piece " + b + " stays whole");
            }
        }
        for (int b = 0; b < 12; b += 2) {
            assertEquals(labels[b * 5], labels[(b + 1) * 5], "piece " + b + " joins its nearest piece");
        }
    }

    @Test
    void viewPurityOnTheFashionCaseMatchesLeidenalg() throws Exception {
        Path fashion = SharedData.fashionCase();
        JsonNode f = ModelStore.json().readTree(fixtures().resolve("fashion.json").toFile());
        List<String> lines = Files.readAllLines(fashion.resolve("labels.csv"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        int viewCol = header.indexOf("view");
        int outlierCol = header.indexOf("outlier");
        FloatMatrix hog = NumpyReader.readMatrix(fashion.resolve("descriptors/hog.pickle"));
        List<Integer> keep = new ArrayList<>();
        List<Integer> view = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells[outlierCol].isEmpty()) {
                keep.add(i - 1);
                view.add(cells[viewCol].equals("front") ? 0 : 1);
            }
        }
        assertEquals(f.get("rows").asInt(), keep.size());
        FloatMatrix rows = hog.selectRows(keep.stream().mapToInt(Integer::intValue).toArray());
        FloatMatrix z = new Preprocessing(Scaler.STANDARD, Pca.varianceFraction(0.9), Scaler.L2)
                .fit(rows, Progress.NONE).reduced();
        LeidenModel m = Leiden.of(100).withThreads(2).fit(z, Progress.NONE);
        int[] truth = view.stream().mapToInt(Integer::intValue).toArray();
        double purity = Purity.score(truth, m.labels());
        assertTrue(m.k() <= 100 && m.k() >= 95, "communities " + m.k());
        assertTrue(purity >= f.get("leidenalg_view_purity").asDouble() - 0.01, "view purity " + purity);
        assertTrue(purity > f.get("kmeans_view_purity").asDouble() + 0.01, "view purity " + purity
                + " against k-means' " + f.get("kmeans_view_purity").asDouble());
    }

    @Test
    void savesAndLoads(@TempDir Path dir) throws Exception {
        FloatMatrix x = NumpyReader.readMatrix(fixtures().resolve("blobs.npy")).copy();
        LeidenModel m = Leiden.of(8).withSeed(3).withThreads(1).fit(x, Progress.NONE);
        m.save(dir);
        LeidenModel back = LeidenModel.load(dir);
        assertArrayEquals(m.labels(), back.labels());
        assertArrayEquals(m.predict(x), back.predict(x));
        assertEquals(m.resolution(), back.resolution());
        assertEquals(m.modularity(), back.modularity());
        assertEquals(m.provenance(), back.provenance());
    }

    @Test
    void refusesBadArguments() {
        assertEquals("k must be >= 1, got 0", assertThrows(DescryException.class, () -> Leiden.of(0)).getMessage());
        assertEquals("n_neighbors must be >= 2, got 1",
                assertThrows(DescryException.class, () -> Leiden.of(3).withNeighbors(1)).getMessage());
        assertEquals("resolution must be > 0 (or 0 to search it), got -1.0",
                assertThrows(DescryException.class, () -> Leiden.of(3).withResolution(-1)).getMessage());
        assertEquals("randomness must be > 0, got 0.0",
                assertThrows(DescryException.class, () -> Leiden.of(3).withRandomness(0)).getMessage());
        FloatMatrix x = FloatMatrix.wrap(new float[] {0, 1, 2, 3, Float.NaN, 5}, 6, 1);
        assertTrue(assertThrows(DescryException.class, () -> Leiden.of(2).withNeighbors(3).fit(x, Progress.NONE))
                .getMessage().contains("x"));
        FloatMatrix y = FloatMatrix.wrap(new float[] {0, 1, 2}, 3, 1);
        assertEquals("n_neighbors must be in [2, n=3], got 15",
                assertThrows(DescryException.class, () -> Leiden.of(2).fit(y, Progress.NONE)).getMessage());
    }
}
